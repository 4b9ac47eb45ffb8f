"""Celery tasks: thin adapters that take plain values or ids, call one function and return."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task


@shared_task
def touch_file(path: str) -> str:
    """Create or touch `path`: a side effect a test or an operator can see, proving a worker runs tasks."""
    Path(path).touch()
    return path


# --- Job runs -------------------------------------------------------------------------------------
from celery import signals  # noqa: E402

_monitor = None


@shared_task(name="extras.run_job", ignore_result=True)
def run_job(job_result_id: str, data: dict | None = None, files: dict | None = None) -> None:
    """Run one JobResult through the runner (the runner owns every status change)."""
    from django.db import close_old_connections

    from extras.runner import run_job_result

    close_old_connections()  # drop broken or expired connections; reuse the rest

    run_job_result(job_result_id, data=data, files=files, enforce_time_limit=True)


@shared_task(name="extras.sync_git_repository", ignore_result=True)
def sync_git_repository(job_result_id: str) -> None:
    """Sync one Git repository (its pending JobResult names it); see extras.git_sync."""
    from django.db import close_old_connections

    from extras.git_sync import run_sync_result

    close_old_connections()
    run_sync_result(job_result_id)


@shared_task(name="extras.reap_lost_runs", ignore_result=True)
def reap_lost_runs() -> int:
    from extras.reaper import reap_lost_runs as reap

    return len(reap())


def send_run_job(result, *, data: dict, files: dict | None, time_limit: float) -> None:
    """Publish the run without retrying, so a broker that is down is reported at once."""
    run_job.apply_async(
        kwargs={"job_result_id": str(result.pk), "data": data, "files": files or None},
        task_id=str(result.task_id),
        queue=result.task_queue or None,
        time_limit=time_limit or None,
        retry=False,
    )


def send_sync_repository(result) -> None:
    sync_git_repository.apply_async(
        kwargs={"job_result_id": str(result.pk)},
        task_id=str(result.task_id),
        queue=result.task_queue or None,
        retry=False,
    )


@signals.worker_ready.connect
def start_worker_monitor(sender=None, **kwargs) -> None:
    global _monitor
    from extras.workers import WorkerMonitor

    queues = list(sender.app.amqp.queues.consume_from.keys()) if sender is not None else []
    capacity = getattr(getattr(sender, "controller", None), "concurrency", None) or 1
    _monitor = WorkerMonitor(sender.hostname, queues, capacity).start()


@signals.worker_shutdown.connect
def stop_worker_monitor(sender=None, **kwargs) -> None:
    if _monitor is not None:
        _monitor.stop()


@signals.task_received.connect
def claim_received_run(sender=None, request=None, **kwargs) -> None:
    if _monitor is not None:
        _monitor.room.received()
    if request is not None and request.name == "extras.run_job" and _monitor is not None:
        from extras.workers import claim_run

        job_result_id = (request.kwargs or {}).get("job_result_id")
        if job_result_id:
            claim_run(job_result_id, _monitor.identity)


@signals.task_failure.connect
def end_run_lost_by_pool(sender=None, task_id=None, exception=None, kwargs=None, **extra) -> None:
    """Celery's pool reports a run whose process died (killed, or stopped at the hard time limit): end it now."""
    from billiard.exceptions import TimeLimitExceeded, WorkerLostError

    if getattr(sender, "name", None) != "extras.run_job" or not isinstance(
        exception, WorkerLostError | TimeLimitExceeded
    ):
        return
    job_result_id = (kwargs or {}).get("job_result_id")
    if not job_result_id:
        return
    from django.db import close_old_connections

    from extras.reaper import end_run_lost_by_pool as end_run

    try:
        end_run(job_result_id, exception)
    except Exception:  # the reaper ends it later; never break the worker's message loop
        import logging

        logging.getLogger(__name__).exception(
            "Could not end run %s after its process was lost", job_result_id
        )
        close_old_connections()


# --- Schedules ------------------------------------------------------------------------------------
from django_celery_beat.schedulers import DatabaseScheduler  # noqa: E402

DISPATCH_INTERVAL = 1.0  # seconds: the longest a due schedule waits for the beat process


class JobScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, which also fires due job schedules on every tick (in the beat
    process itself, so busy workers never delay a schedule) and wakes up in time for the next one."""

    def tick(self, *args, **kwargs):
        import logging

        from django.db import close_old_connections

        from extras.scheduling import dispatch_due_schedules, seconds_until_next_due

        close_old_connections()
        try:
            dispatch_due_schedules()
            wait = seconds_until_next_due(longest=DISPATCH_INTERVAL)
        except Exception:  # a locked or lost database must not stop beat; the next tick retries
            logging.getLogger(__name__).exception("Dispatching due job schedules failed")
            wait = DISPATCH_INTERVAL
        return max(0.05, min(super().tick(*args, **kwargs), wait))
