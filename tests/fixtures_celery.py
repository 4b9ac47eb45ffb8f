"""Fixtures that run a real Celery worker subprocess (see tests/celery_worker.py for what it shares).

`celery_worker` is one worker for the whole session, started on first use; `start_celery_worker` starts
extra workers for a single test (for example one to SIGKILL) and stops them when the test ends.
"""

from __future__ import annotations

import pytest

from tests.celery_beat import CeleryBeat, start_beat
from tests.celery_worker import CeleryWorker, purge_broker, start_worker


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, tmp_path_factory) -> CeleryWorker:
    """A session-wide worker on the default queue; stopped before the test databases are dropped."""
    purge_broker()
    worker = start_worker(tmp_path_factory.mktemp("celery"))
    yield worker
    worker.stop()


@pytest.fixture
def start_celery_worker(django_db_setup, tmp_path_factory):
    """Return `start(**options)` that starts a worker of the test's own; all are stopped afterwards."""
    started: list[CeleryWorker] = []

    def start(**options) -> CeleryWorker:
        worker = start_worker(tmp_path_factory.mktemp("celery"), **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def start_celery_beat(django_db_setup, tmp_path_factory):
    """Return `start()` that starts a beat process of the test's own; all are stopped afterwards."""
    started: list[CeleryBeat] = []

    def start() -> CeleryBeat:
        beat = start_beat(tmp_path_factory.mktemp("beat"))
        started.append(beat)
        return beat

    yield start
    for beat in started:
        beat.stop()
