"""Uniqueness that validation judges (an address in a table, a prefix in a VRF with enforce_unique) holds under
real concurrency: two writers that both passed validation cannot both save (issue 24).

The first writer saves and keeps its transaction open; the second, on its own connection, validates (the first
row is not visible to it yet), then saves. Without a guard in save() it would store a duplicate.
"""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from ipam.models import VRF, IPAddress, Prefix
from tests.factories.dcim import status
from tests.factories.ipam import VRFFactory

pytestmark = pytest.mark.django_db(transaction=True)


def race(make) -> tuple[object, BaseException | None]:
    """The first `make()` saves and waits; the second validates, then saves; returns what the second got."""
    warm = make()  # rows a first save makes once (default roles), made here: the writers must race on one row
    warm.save()
    warm.delete()
    saved, release = threading.Event(), threading.Event()
    outcome: dict = {}

    def first() -> None:
        try:
            with transaction.atomic():
                make().save()
                saved.set()
                release.wait(30)
        except BaseException as error:  # shown by the assertion below, not lost in the thread
            outcome["first"] = error
            saved.set()
        finally:
            connection.close()

    def second() -> None:
        try:
            saved.wait(30)
            candidate = make()
            candidate.full_clean()  # passes: the first row is not committed
            timer = threading.Timer(1.0, release.set)  # the first commits while the second may wait on it
            timer.start()
            try:
                candidate.save()
                outcome["result"] = candidate
            except IntegrityError as error:
                outcome["error"] = error
            finally:
                timer.cancel()
                release.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert "first" not in outcome, outcome["first"]
    return outcome.get("result"), outcome.get("error")


def test_two_writers_of_one_global_address_store_it_once():
    active = status("active")
    _, error = race(lambda: IPAddress(address="192.0.2.10/24", status=active))
    assert error is not None and "already exists" in str(error)
    assert IPAddress.objects.filter(address="192.0.2.10/24").count() == 1


def test_two_writers_of_one_prefix_in_an_enforcing_vrf_store_it_once():
    vrf, active = VRFFactory(enforce_unique=True), status("active")
    _, error = race(lambda: Prefix(prefix="10.9.0.0/24", vrf=VRF.objects.get(pk=vrf.pk), status=active))
    assert error is not None and "already exists" in str(error)
    assert Prefix.objects.filter(prefix="10.9.0.0/24", vrf=vrf).count() == 1


def test_a_vrf_that_allows_duplicates_still_takes_both():
    vrf, active = VRFFactory(enforce_unique=False), status("active")
    result, error = race(
        lambda: IPAddress(address="10.8.0.1/24", vrf=VRF.objects.get(pk=vrf.pk), status=active)
    )
    assert error is None and result is not None
    assert IPAddress.objects.filter(address="10.8.0.1/24", vrf=vrf).count() == 2
