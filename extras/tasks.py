"""The Celery adapter: thin tasks, the engine's dispatcher, the worker's signal hooks and the beat scheduler.

Only this module and jobsplatform/celery.py import Celery. Tasks take plain values or ids and call
one engine function; CeleryDispatcher publishes what the engine hands over (extras.engine.dispatch);
the signal hooks tell the engine what Celery's worker knows (started, took a run, lost a process).
"""

from __future__ import annotations

import logging
from pathlib import Path

from billiard.exceptions import TimeLimitExceeded, WorkerLostError
from celery import shared_task, signals
from celery.worker import state as worker_state
from django.db import close_old_connections, connections
from django_celery_beat.schedulers import DatabaseScheduler

from extras.changes.retention import prune_changelog
from extras.changes.serialization import prepare_recording
from extras.engine import dispatch
from extras.engine.runner import run_job_result, worker_name
from extras.git.sync import run_sync_result
from extras.liveness.reaper import database_session_name, end_run_lost_by_pool, reap_lost_runs
from extras.liveness.workers import WorkerMonitor, claim_run
from extras.schedules.scheduling import dispatch_due_schedules, seconds_until_next_due

logger = logging.getLogger(__name__)


# --- Tasks ----------------------------------------------------------------------------------------
@shared_task
def touch_file(path: str) -> str:
    """Create or touch `path`: a side effect a test or an operator can see, proving a worker runs tasks."""
    Path(path).touch()
    return path


@shared_task(name="extras.run_job", ignore_result=True)
def run_job(job_result_id: str, data: dict | None = None, files: dict | None = None) -> None:
    """Run one JobResult through the runner (the runner owns every status change)."""
    close_old_connections()  # drop broken or expired connections; reuse the rest
    run_job_result(job_result_id, data=data, files=files, enforce_time_limit=True)


@shared_task(name="extras.sync_git_repository", ignore_result=True)
def sync_git_repository(job_result_id: str) -> None:
    """Sync one Git repository (its pending JobResult names it); see extras.git.sync."""
    close_old_connections()
    run_sync_result(job_result_id)


@shared_task(name="extras.reap_lost_runs", ignore_result=True)
def reap_lost_runs_task() -> int:
    return len(reap_lost_runs())


@shared_task(name="extras.prune_changelog", ignore_result=True)
def prune_changelog_task() -> int:
    close_old_connections()
    return prune_changelog()


# --- The engine's dispatcher ---------------------------------------------------------------------
class CeleryDispatcher:
    """Publishes without retrying, so a broker that is down is reported at once."""

    def send_run(self, result, *, data: dict, files: dict | None, time_limit: float) -> None:
        run_job.apply_async(
            kwargs={"job_result_id": str(result.pk), "data": data, "files": files or None},
            task_id=str(result.task_id),
            queue=result.task_queue or None,
            time_limit=time_limit or None,
            retry=False,
        )

    def send_sync(self, result) -> None:
        sync_git_repository.apply_async(
            kwargs={"job_result_id": str(result.pk)},
            task_id=str(result.task_id),
            queue=result.task_queue or None,
            retry=False,
        )


dispatch.register(CeleryDispatcher())


# --- What the worker knows ---------------------------------------------------------------------------
_monitor: WorkerMonitor | None = None


def runs_held() -> int:
    """Runs this worker holds: received and not finished (Celery's bookkeeping in the main process)."""
    return len(worker_state.reserved_requests)


@signals.worker_process_init.connect
def skip_health_checks(**kwargs) -> None:
    """A pool process does not test its connections before each run: the runner reconnects and retries its own
    bookkeeping when the database went away (extras.engine.runner.with_database_retry), so the round trip
    a health check costs every run buys nothing here."""
    for connection in connections.all():
        connection.settings_dict["CONN_HEALTH_CHECKS"] = False


@signals.worker_process_init.connect
def name_database_sessions(**kwargs) -> None:
    """A pool process's database sessions carry its name, so the reaper can end them if it loses its run
    (extras.liveness.reaper.end_database_sessions): the process may be on a machine that is gone."""
    name = database_session_name(worker_name())
    for connection in connections.all():
        options = connection.settings_dict.get("OPTIONS") or {}
        connection.settings_dict["OPTIONS"] = {**options, "application_name": name}


@signals.worker_init.connect
def prepare_worker(sender=None, **kwargs) -> None:
    """Before the pool forks: what every run may need is loaded once, and shared by the pool processes."""
    try:
        prepare_recording()
    except Exception:  # a slower first run is better than a worker that does not start
        logger.exception("Could not prepare the change log's serializers")


@signals.worker_ready.connect
def start_worker_monitor(sender=None, **kwargs) -> None:
    global _monitor
    queues = list(sender.app.amqp.queues.consume_from.keys()) if sender is not None else []
    capacity = getattr(getattr(sender, "controller", None), "concurrency", None) or 1
    _monitor = WorkerMonitor(
        sender.hostname, queues, capacity, busy=runs_held, link=lambda: broker_link(sender)
    ).start()


def broker_link(consumer) -> object:
    """Which broker connection the consumer takes runs on: None while it has none (lost, or reconnecting).

    Celery (re)starts the consumer's steps in order, the broker connection among the first and the event
    loop last, which runs until the connection fails; so every step started means consuming. Before 5.7
    the failed connection object stays on the consumer until a new one is made; from 5.7 it is cleared.
    `restart_count` numbers the connections.
    """
    if consumer is None:
        return 0
    steps = [step for step in getattr(consumer, "steps", ()) if step is not None]
    blueprint = getattr(consumer, "blueprint", None)
    if getattr(consumer, "connection", None) is None:
        return None
    if blueprint is not None and steps and getattr(blueprint, "started", 0) < len(steps):
        return None
    return getattr(consumer, "restart_count", 0)


@signals.worker_shutdown.connect
def stop_worker_monitor(sender=None, **kwargs) -> None:
    if _monitor is not None:
        _monitor.stop()


@signals.task_received.connect
def claim_received_run(sender=None, request=None, **kwargs) -> None:
    if _monitor is None:
        return
    _monitor.room.received()
    if request is not None and request.name == "extras.run_job":
        job_result_id = (request.kwargs or {}).get("job_result_id")
        if job_result_id:
            claim_run(job_result_id, _monitor.identity)


@signals.task_failure.connect
def end_run_whose_process_was_lost(sender=None, exception=None, kwargs=None, **extra) -> None:
    """Celery's pool reports a run whose process died (killed, or stopped at the hard time limit): end it now."""
    if getattr(sender, "name", None) != "extras.run_job":
        return
    if not isinstance(exception, WorkerLostError | TimeLimitExceeded):
        return  # any other failure was the runner's own, and it already ended the run
    job_result_id = (kwargs or {}).get("job_result_id")
    if not job_result_id:
        return
    for attempt in (1, 2):  # a second try on a new connection: a restarted database closed the old one
        try:
            end_run_lost_by_pool(
                job_result_id, str(exception), time_limit_hit=isinstance(exception, TimeLimitExceeded)
            )
            return
        except Exception:  # the reaper ends it later; never break the worker's message loop
            close_old_connections()  # drops a connection that failed, so the retry opens a new one
            if attempt == 2:
                logger.exception("Could not end run %s after its process was lost", job_result_id)


# --- Schedules ------------------------------------------------------------------------------------
DISPATCH_INTERVAL = 1.0  # seconds: the longest a due schedule waits for the beat process


class JobScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler, which also fires due job schedules on every tick (in the beat
    process itself, so busy workers never delay a schedule) and wakes up in time for the next one."""

    def tick(self, *args, **kwargs):
        close_old_connections()
        try:
            dispatch_due_schedules()
            wait = seconds_until_next_due(longest=DISPATCH_INTERVAL)
        except Exception:  # a locked or lost database must not stop beat; the next tick retries
            logger.exception("Dispatching due job schedules failed")
            wait = DISPATCH_INTERVAL
        return max(0.05, min(super().tick(*args, **kwargs), wait))
