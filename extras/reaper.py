"""Find runs that can no longer finish on their own and end them with a line that names the cause.

Celery alone loses runs: the filesystem broker never redelivers a task whose worker died, and
Redis only after its visibility timeout. So every running result keeps a heartbeat (extras.logging)
and every worker process keeps one too (extras.workers); this module compares them with the clock:
- running, heartbeat older than RUN_STALE_AFTER → errored: time limit hit, or worker lost;
- pending, claimed by a worker that is gone → handed to the workers again once, then errored;
- pending, unclaimed, with no live worker on its queue for PENDING_NO_WORKER_AFTER → errored.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.choices import LogLevelChoices as Level
from extras.models import JobLogEntry, JobResult, RunHeartbeat, WorkerHeartbeat
from extras.routers import LIVE_ALIAS

logger = logging.getLogger(__name__)

RUN_STALE_AFTER = timedelta(seconds=20)
WORKER_STALE_AFTER = timedelta(seconds=20)
PENDING_NO_WORKER_AFTER = timedelta(seconds=settings.JOBS_PENDING_NO_WORKER_TIMEOUT)
MAX_REQUEUES = 1


def live_workers(now=None) -> list[WorkerHeartbeat]:
    now = now or timezone.now()
    return list(WorkerHeartbeat.objects.filter(beat__gte=now - WORKER_STALE_AFTER))


def workers_on_queue(queue: str, now=None) -> int:
    return sum(1 for worker in live_workers(now) if queue in worker.queues)


def append_log(result: JobResult, level: str, message: str, grouping: str = "post_run") -> None:
    """Add a line after the run's last one (the run itself is no longer writing)."""
    last = JobLogEntry.objects.filter(job_result_id=result.pk).aggregate(last=Max("sequence"))["last"] or 0
    JobLogEntry.objects.using(LIVE_ALIAS).create(
        job_result_id=result.pk, sequence=last + 1, log_level=level, grouping=grouping, message=message
    )


def final_counters(result: JobResult) -> dict[str, int]:
    """Per-level counts of a run that ended without its writer (one grouped query, not a row scan)."""
    counts = dict.fromkeys(Level.values(), 0)
    rows = JobLogEntry.objects.filter(job_result_id=result.pk).values("log_level").annotate(n=Count("id"))
    counts.update({row["log_level"]: row["n"] for row in rows})
    return counts


def end_lost_run(result: JobResult, message: str) -> bool:
    append_log(result, Level.LOG_FAILURE, message)
    ended = result.mark_finished(Status.STATUS_ERRORED, counters=final_counters(result))
    RunHeartbeat.objects.filter(job_result_id=result.pk).delete()
    if ended:
        logger.warning("Ended run %s: %s", result.pk, message)
    return ended


def lost_run_message(result: JobResult, heartbeat: RunHeartbeat | None, now) -> str:
    limit = result.job_model.effective_time_limit if result.job_model else settings.CELERY_TASK_TIME_LIMIT
    worker = heartbeat.worker if heartbeat else (result.worker or "unknown worker")
    if result.started and now - result.started >= timedelta(seconds=limit):
        return (
            f"The job hit its time limit of {limit:g} seconds and its worker process ({worker}) was stopped."
        )
    last = heartbeat.beat if heartbeat else result.started
    return (
        f"Worker lost: {worker} stopped sending heartbeats at {last:%Y-%m-%d %H:%M:%S %Z} while running this job "
        f"(the process was killed or the machine went down). The job's database changes were rolled back."
    )


def reap_running(now) -> list[JobResult]:
    ended = []
    # Materialized first: heartbeats may live in another database, so no subquery across the two.
    running = list(JobResult.objects.filter(status=Status.STATUS_RUNNING).select_related("job_model"))
    beats = {
        beat.job_result_id: beat
        for beat in RunHeartbeat.objects.filter(job_result_id__in=[r.pk for r in running])
    }
    for result in running:
        heartbeat = beats.get(result.pk)
        last = heartbeat.beat if heartbeat else result.started
        if last is None or now - last < RUN_STALE_AFTER:
            continue
        if end_lost_run(result, lost_run_message(result, heartbeat, now)):
            ended.append(result)
    return ended


def reap_pending(now) -> list[JobResult]:
    from extras.services import enqueue_job_result

    ended = []
    alive = {worker.hostname: worker for worker in live_workers(now)}
    pending = list(JobResult.objects.filter(status=Status.STATUS_PENDING).select_related("job_model"))
    claims = {
        beat.job_result_id: beat
        for beat in RunHeartbeat.objects.filter(job_result_id__in=[r.pk for r in pending])
    }
    for result in pending:
        claim = claims.get(result.pk)
        if claim is not None and claim.worker not in alive and now - claim.beat >= WORKER_STALE_AFTER:
            RunHeartbeat.objects.filter(job_result_id=result.pk).delete()
            if (
                result.attempts < MAX_REQUEUES
                and result.job_model is not None
                and result.job_kwargs is not None
            ):
                JobResult.objects.filter(pk=result.pk).update(attempts=result.attempts + 1)
                append_log(
                    result,
                    Level.LOG_WARNING,
                    f"Worker {claim.worker} was lost before starting this run; "
                    "it was handed to the workers again.",
                    grouping="initialization",
                )
                enqueue_job_result(result, data=result.job_kwargs.get("data", {}), job=result.job_model)
            else:
                why = (
                    "its inputs were not stored (sensitive variables), so it cannot be retried"
                    if result.job_kwargs is None
                    else "it was already retried once"
                )
                lost = f"Worker lost: {claim.worker} took this run from the queue and died before starting it"
                message = f"{lost}; {why}."
                if end_lost_run(result, message):
                    ended.append(result)
            continue
        if claim is None and now - result.created >= PENDING_NO_WORKER_AFTER:
            queue = result.task_queue or settings.CELERY_TASK_DEFAULT_QUEUE
            if not any(queue in worker.queues for worker in alive.values()):
                message = (
                    f'No worker has been listening on queue "{queue}" for '
                    f"{PENDING_NO_WORKER_AFTER.total_seconds():g} seconds; the run was abandoned."
                )
                if end_lost_run(result, message):
                    ended.append(result)
    return ended


def purge_leftover_heartbeats(now) -> int:
    """Heartbeats of runs that ended (or vanished) are deleted; a late claim can leave one behind."""
    old = list(
        RunHeartbeat.objects.filter(beat__lt=now - RUN_STALE_AFTER).values_list("job_result_id", flat=True)
    )
    active = set(JobResult.objects.filter(pk__in=old, status__in=Status.ACTIVE).values_list("pk", flat=True))
    leftovers = [pk for pk in old if pk not in active]
    if leftovers:
        RunHeartbeat.objects.filter(job_result_id__in=leftovers).delete()
    return len(leftovers)


def reap_lost_runs() -> list[JobResult]:
    """End every run that cannot finish any more; returns the results it ended."""
    now = timezone.now()
    ended = reap_running(now) + reap_pending(now)
    purge_leftover_heartbeats(now)
    return ended
