"""Worker presence: each worker process announces itself and its queues, and reaps lost runs.

Started from Celery's worker_ready signal (extras/tasks.py). A thread refreshes this worker's
WorkerHeartbeat every HEARTBEAT_INTERVAL and runs the reaper every REAP_INTERVAL, so lost runs end
even when beat is not running. The web answers "is anyone listening on queue X" from these rows
with one indexed query instead of a broadcast with a timeout.
"""

from __future__ import annotations

import logging
import os
import threading
import time

from django.db import close_old_connections
from django.utils import timezone

from extras.models import RunHeartbeat, WorkerHeartbeat

logger = logging.getLogger(__name__)

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
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        try:
            WorkerHeartbeat.objects.filter(hostname=self.hostname).delete()
        except Exception:
            logger.exception("Could not remove the heartbeat of %s", self.hostname)

    def beat(self) -> None:
        WorkerHeartbeat.objects.update_or_create(
            hostname=self.hostname,
            defaults={"queues": self.queues, "pid": os.getpid(), "beat": timezone.now()},
        )

    def _loop(self) -> None:
        from extras.reaper import reap_lost_runs

        last_reap = 0.0
        while not self._stop.wait(HEARTBEAT_INTERVAL if last_reap else 1.0):
            try:
                close_old_connections()
                self.beat()
                if time.monotonic() - last_reap >= REAP_INTERVAL:
                    reap_lost_runs()
                    last_reap = time.monotonic()
            except Exception:
                logger.exception("Worker monitor iteration failed")


def claim_run(job_result_id, hostname: str) -> None:
    """Record that this worker took the run from the queue (before a pool process starts it)."""
    now = timezone.now()
    RunHeartbeat.objects.update_or_create(
        job_result_id=job_result_id, defaults={"worker": hostname, "claimed": now, "beat": now}
    )
