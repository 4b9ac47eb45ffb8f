"""Worker presence: each worker announces itself, the runs it took from the queue, and its free room.

Started from Celery's worker_ready signal (extras/tasks.py), in the worker's main process. A thread
refreshes this worker's WorkerHeartbeat every HEARTBEAT_INTERVAL and runs the reaper every
REAP_INTERVAL, so lost runs end even when beat is not running. The web answers "is anyone listening
on queue X" from these rows with one indexed query instead of a broadcast with a timeout.

Every start of a worker is a new incarnation (boot id, pid and the process's start time: never
reused), and the runs it takes are claimed under `<hostname>#<incarnation>`: a restarted worker with
the same name is a different identity, so the reaper never mistakes the runs its previous life had
taken for runs in good hands.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from django.db import close_old_connections
from django.utils import timezone

from extras.models import RunHeartbeat, WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_INTERVAL = 5.0
REAP_INTERVAL = 5.0


def worker_identity(hostname: str, incarnation: str) -> str:
    return f"{hostname}#{incarnation}"


def incarnation_of(pid: int) -> str:
    """An id of process `pid` that no other process gets, even after a restart or a reboot (Linux)."""
    try:
        boot_id = Path("/proc/sys/kernel/random/boot_id").read_text().strip().replace("-", "")[:8]
        start_ticks = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return uuid.uuid4().hex[:12]
    return f"{boot_id}-{pid}-{start_ticks}"


class RoomTracker:
    """Knows since when this worker has had a free slot and received nothing (see WorkerHeartbeat.idle_since).

    `received()` is called for every task the worker takes; `sample(busy, now, link)` at every heartbeat. A
    worker cannot fill up without receiving, so free at a sample and nothing received since means free
    the whole time: any message waiting on its queues would have been taken.

    That holds only while it consumes: `link` names its broker connection, None while it has none. A worker
    that lost the broker (or is still reconnecting, with growing pauses between tries) receives nothing with
    free slots; had it vouched for its room meanwhile, the reaper would call the runs queued for it lost.
    So no room is claimed without a link, and a new link starts the span afresh.
    """

    def __init__(self, capacity: int):
        self.capacity = capacity
        self._last_received: datetime | None = None
        self._free_since: datetime | None = None
        self._link: object = None
        self._lock = threading.Lock()

    def received(self) -> None:
        with self._lock:
            self._last_received = timezone.now()

    def sample(self, busy: int, now: datetime, link: object = 0) -> datetime | None:
        with self._lock:
            if busy >= self.capacity or link is None:
                self._free_since = None
            elif (
                self._free_since is None
                or link != self._link
                or (self._last_received is not None and self._last_received >= self._free_since)
            ):
                self._free_since = now
            self._link = link
            return self._free_since


class WorkerMonitor:
    def __init__(
        self,
        hostname: str,
        queues: list[str],
        capacity: int,
        busy: Callable[[], int],
        link: Callable[[], object] = lambda: 0,
    ):
        """`busy()` counts the runs the worker holds (received, not finished); `link()` names the broker
        connection it consumes on, None while it has none (RoomTracker). Celery knows both; the adapter asks."""
        self.hostname = hostname
        self.incarnation = incarnation_of(os.getpid())
        self.identity = worker_identity(hostname, self.incarnation)
        self.queues = sorted(queues)
        self.room = RoomTracker(capacity)
        self.busy = busy
        self.link = link
        self.started = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="jobsplatform-worker-monitor", daemon=True)

    def start(self) -> WorkerMonitor:
        self.beat()
        self.sync_job_records()
        self._thread.start()
        return self

    def sync_job_records(self) -> None:
        """A starting worker brings the Job records in line with the code it will run."""
        from extras.engine.job_records import sync_job_records

        try:
            report = sync_job_records()
        except Exception:
            logger.exception("Could not sync job records at worker start")
            return
        finally:
            close_old_connections()
        for problem in report.problems:
            logger.warning("Job module failed to import: %s", problem)

    def stop(self) -> None:
        """A graceful stop: the broker takes back the runs this worker held, so their claims go too."""
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            RunHeartbeat.objects.filter(worker=self.identity).delete()
            WorkerHeartbeat.objects.filter(hostname=self.hostname, incarnation=self.incarnation).delete()
        except Exception:
            logger.exception("Could not remove the heartbeat and claims of %s", self.identity)

    def beat(self) -> None:
        now = timezone.now()
        values = {
            "incarnation": self.incarnation,
            "queues": self.queues,
            "pid": os.getpid(),
            "concurrency": self.room.capacity,
            "idle_since": self.room.sample(self.busy(), now, self.link()),
            "started": self.started,
            "beat": now,
        }
        WorkerHeartbeat.objects.update_or_create(hostname=self.hostname, defaults=values)

    def _loop(self) -> None:
        from extras.liveness.reaper import reap_lost_runs

        last_reap = 0.0
        while not self._stop.wait(HEARTBEAT_INTERVAL if last_reap else 1.0):
            try:
                self.beat()
                if time.monotonic() - last_reap >= REAP_INTERVAL:
                    reap_lost_runs()
                    last_reap = time.monotonic()
            except Exception:
                logger.exception("Worker monitor iteration failed")
                close_old_connections()  # a restarted database: reconnect on the next iteration


class ClaimRecorder:
    """Records, off the worker's message loop, which runs this worker took from the queue.

    A claim lets the reaper hand a run to the workers again when the worker that took it (prefetched,
    not started) dies. Writing it in the background keeps a database round trip off every task's path.
    A newer claim replaces an older one: a redelivered run belongs to the worker that has it now.
    """

    def __init__(self):
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="jobsplatform-claims", daemon=True)
        self._thread.start()

    def claim(self, job_result_id, identity: str) -> None:
        self._queue.put((job_result_id, identity, timezone.now()))

    def _loop(self) -> None:
        while True:
            job_result_id, identity, when = self._queue.get()
            for attempt in range(3):
                try:
                    record_claim(job_result_id, identity, when)
                    break
                except Exception:
                    close_old_connections()
                    if attempt == 2:
                        logger.exception("Could not record the claim of run %s", job_result_id)
                    time.sleep(0.5)


def record_claim(job_result_id, identity: str, when: datetime) -> None:
    updated = RunHeartbeat.objects.filter(job_result_id=job_result_id).update(
        worker=identity, claimed=when, beat=when
    )
    if not updated:
        RunHeartbeat.objects.get_or_create(
            job_result_id=job_result_id, defaults={"worker": identity, "claimed": when, "beat": when}
        )


_claims: ClaimRecorder | None = None


def claim_run(job_result_id, identity: str) -> None:
    """Record that this worker took the run from the queue (before a pool process starts it)."""
    global _claims
    if _claims is None:
        _claims = ClaimRecorder()
    _claims.claim(job_result_id, identity)
