"""Run heartbeats: proof that a running run's process is alive, for the reaper (extras/liveness/reaper.py).

The log flusher thread of the run's process (extras.engine.logging) writes one every HEARTBEAT_INTERVAL, on
its own connection, so a job that holds its transaction open for an hour still shows it is alive. The first
comes one interval after the start (until then the start time is the proof), so a short run writes none.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from extras.models import RunHeartbeat

HEARTBEAT_INTERVAL = 5.0  # seconds


def beat(job_result_id, worker: str) -> None:
    """Record that the run is alive now, in the process named `worker` (`host:pid`)."""
    now = timezone.now()
    updated = RunHeartbeat.objects.filter(job_result_id=job_result_id).update(worker=worker, beat=now)
    if not updated:
        RunHeartbeat.objects.create(job_result_id=job_result_id, worker=worker, beat=now)


def forget(job_result_ids: Iterable) -> None:
    """The runs ended in this process: their heartbeats go (an ended run needs no proof of life)."""
    ids = list(job_result_ids)
    if ids:
        RunHeartbeat.objects.filter(job_result_id__in=ids).delete()
