"""Worker presence: each worker process announces itself and its queues, and reaps lost runs.

These threads live in the worker's main process, which forks the pool processes (again whenever a
pool process dies). SQLite must never be carried across a fork: a child would inherit the parent's
lock and shared-memory state without the locks themselves and could stop seeing new commits. So
every database use here happens inside `database_use()`, which closes the thread's connections
before it ends and which a fork waits for (os.register_at_fork).

Started from Celery's worker_ready signal (extras/tasks.py). A thread refreshes this worker's
WorkerHeartbeat every HEARTBEAT_INTERVAL and runs the reaper every REAP_INTERVAL, so lost runs end
even when beat is not running. The web answers "is anyone listening on queue X" from these rows
with one indexed query instead of a broadcast with a timeout.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from contextlib import contextmanager

from django.db import IntegrityError, connections
from django.utils import timezone

from extras.models import RunHeartbeat, WorkerHeartbeat

logger = logging.getLogger(__name__)

_database_lock = threading.Lock()


@contextmanager
def database_use():
    """Use the database from a background thread of the worker's main process, fork-safely.

    Only SQLite connections are closed afterwards; PostgreSQL connections stay open for reuse (a child
    never uses a connection of one of these threads, and a new one costs a full authentication).
    """
    with _database_lock:
        try:
            yield
        finally:
            for connection in connections.all(initialized_only=True):
                if connection.vendor == "sqlite":
                    connection.close()


def _reset_lock_in_child() -> None:
    global _database_lock
    _database_lock = threading.Lock()


os.register_at_fork(
    before=lambda: _database_lock.acquire(),
    after_in_parent=lambda: _database_lock.release(),
    after_in_child=_reset_lock_in_child,
)

HEARTBEAT_INTERVAL = 5.0
REAP_INTERVAL = 10.0


class WorkerMonitor:
    def __init__(self, hostname: str, queues: list[str]):
        self.hostname = hostname
        self.queues = sorted(queues)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="jobsplatform-worker-monitor", daemon=True)

    def start(self) -> WorkerMonitor:
        self.beat()
        self.sync_job_records()
        self._thread.start()
        return self

    def sync_job_records(self) -> None:
        """A starting worker brings the Job records in line with the code it will run."""
        from extras.job_records import sync_job_records

        try:
            with database_use():
                report = sync_job_records()
        except Exception:
            logger.exception("Could not sync job records at worker start")
            return
        for problem in report.problems:
            logger.warning("Job module failed to import: %s", problem)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            with database_use():
                WorkerHeartbeat.objects.filter(hostname=self.hostname).delete()
        except Exception:
            logger.exception("Could not remove the heartbeat of %s", self.hostname)

    def beat(self) -> None:
        with database_use():
            WorkerHeartbeat.objects.update_or_create(
                hostname=self.hostname,
                defaults={"queues": self.queues, "pid": os.getpid(), "beat": timezone.now()},
            )

    def _loop(self) -> None:
        from extras.reaper import reap_lost_runs

        last_reap = 0.0
        while not self._stop.wait(HEARTBEAT_INTERVAL if last_reap else 1.0):
            try:
                self.beat()
                if time.monotonic() - last_reap >= REAP_INTERVAL:
                    with database_use():
                        reap_lost_runs()
                    last_reap = time.monotonic()
            except Exception:
                logger.exception("Worker monitor iteration failed")


class ClaimRecorder:
    """Records, off the worker's message loop, which runs this worker took from the queue.

    A claim lets the reaper hand a run to the workers again when the worker that held it (prefetched,
    not started) dies. Writing it in the background keeps a database round trip off every task's path.
    """

    def __init__(self):
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="jobsplatform-claims", daemon=True)
        self._thread.start()

    def claim(self, job_result_id, hostname: str) -> None:
        self._queue.put((job_result_id, hostname, timezone.now()))

    def _loop(self) -> None:
        while True:
            job_result_id, hostname, when = self._queue.get()
            try:
                with database_use():
                    # Only if the run has not started yet: a run's own heartbeat is never overwritten.
                    if not RunHeartbeat.objects.filter(job_result_id=job_result_id).exists():
                        RunHeartbeat.objects.create(
                            job_result_id=job_result_id, worker=hostname, claimed=when, beat=when
                        )
            except IntegrityError:
                pass  # the run started meanwhile and wrote its own heartbeat
            except Exception:
                logger.exception("Could not record the claim of run %s", job_result_id)


_claims: ClaimRecorder | None = None


def claim_run(job_result_id, hostname: str) -> None:
    """Record that this worker took the run from the queue (before a pool process starts it)."""
    global _claims
    if _claims is None:
        _claims = ClaimRecorder()
    _claims.claim(job_result_id, hostname)
