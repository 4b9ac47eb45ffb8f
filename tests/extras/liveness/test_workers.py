"""A worker's free room, as its heartbeat reports it: the reaper calls a queued run's message lost on it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from extras.liveness.workers import RoomTracker

START = timezone.now()


def at(seconds: float):
    return START + timedelta(seconds=seconds)


def test_a_free_worker_that_receives_nothing_keeps_its_room_from_the_first_sample():
    room = RoomTracker(capacity=2)
    assert room.sample(busy=0, now=at(0), link=1) == at(0)
    assert room.sample(busy=1, now=at(5), link=1) == at(0)


def test_room_restarts_after_the_worker_received_a_run():
    room = RoomTracker(capacity=2)
    room.sample(busy=0, now=at(0), link=1)
    room.received()
    assert room.sample(busy=1, now=timezone.now() + timedelta(seconds=1), link=1) > at(0)


def test_a_worker_without_a_broker_connection_claims_no_room():
    room = RoomTracker(capacity=2)
    room.sample(busy=0, now=at(0), link=1)
    assert room.sample(busy=0, now=at(5), link=None) is None  # lost the broker, or still reconnecting


def test_a_new_broker_connection_starts_the_room_afresh():
    room = RoomTracker(capacity=2)
    room.sample(busy=0, now=at(0), link=1)
    room.sample(busy=0, now=at(5), link=None)
    assert room.sample(busy=0, now=at(10), link=2) == at(10)
    # a reconnection between two samples is seen from the new connection's number alone
    assert room.sample(busy=0, now=at(15), link=3) == at(15)


def test_a_full_worker_claims_no_room():
    room = RoomTracker(capacity=1)
    assert room.sample(busy=1, now=at(0), link=1) is None
