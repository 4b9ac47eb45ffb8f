"""Find runs that can no longer finish on their own; end them, or hand them out again, saying why.

Celery alone loses runs: the filesystem broker never redelivers a message whose worker died, Redis
only after its visibility timeout, and a Redis restarted without persistence forgets its queues. So
every worker start has an identity and a heartbeat and claims the runs it takes (extras.liveness.workers),
and every running run keeps a heartbeat (extras.engine.logging). This module compares them with the clock:
- running, with neither a heartbeat nor a start within RUN_STALE_AFTER → errored: time limit, or
  worker lost. A run that was just (re)started is never reaped: its start time counts as a beat;
- pending, claimed by a worker identity that is no longer alive, or by a live worker that has had room
  since well after it claimed the run (it dropped the run, e.g. when its broker connection broke) →
  lost before it started;
- pending, unclaimed, submitted before a worker on its queue had room and took nothing → its message
  was lost (e.g. a broker restarted without persistence);
- pending, unclaimed, with no live worker on its queue for PENDING_NO_WORKER_AFTER → errored.
A run lost before it started is handed to the workers again up to its job's `requeue_lost_runs`
times (never when its inputs were not stored), else errored; a duplicate message is harmless, as a
run starts only from pending. Celery's own report of a dead pool process ends a run at once
(`end_run_lost_by_pool`); the comparisons above are the backstop. Each decision re-reads the run
under a row lock, so a run that moved on meanwhile is left alone.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.choices import LogLevelChoices as Level
from extras.engine import dispatch
from extras.liveness import watchdog
from extras.models import JobLogEntry, JobResult, RunHeartbeat, WorkerHeartbeat

logger = logging.getLogger(__name__)

RUN_STALE_AFTER = timedelta(seconds=20)
WORKER_STALE_AFTER = timedelta(seconds=20)
PENDING_NO_WORKER_AFTER = timedelta(seconds=settings.JOBS_PENDING_NO_WORKER_TIMEOUT)
# How long a worker must have had room (taking nothing) after a run was submitted before that run's
# message counts as lost; also covers clocks of different machines that differ a little.
LOST_MESSAGE_AFTER = timedelta(seconds=5)


def live_workers(now=None) -> list[WorkerHeartbeat]:
    now = now or timezone.now()
    return list(WorkerHeartbeat.objects.filter(beat__gte=now - WORKER_STALE_AFTER))


def workers_on_queue(queue: str, now=None) -> int:
    return sum(1 for worker in live_workers(now) if queue in worker.queues)


def worker_status() -> dict:
    """The live workers and their count per queue for /api/status/, from heartbeats (one query, no broadcast)."""
    workers = live_workers()
    queues: dict[str, int] = {}
    for worker in workers:
        for queue in worker.queues:
            queues[queue] = queues.get(queue, 0) + 1
    return {
        "celery-workers-running": len(workers),
        "celery-workers-per-queue": dict(sorted(queues.items())),
        "rq-workers-running": 0,
    }


# --- Ending and re-queueing, one run at a time under its row lock ---------------------------------
def _locked(job_result_id, statuses) -> JobResult | None:
    """The run, locked until the transaction ends, if it is still in one of `statuses`."""
    return (
        JobResult.objects.select_for_update(of=("self",))
        .select_related("job_model")
        .filter(pk=job_result_id, status__in=statuses)
        .first()
    )


def _append_line(result: JobResult, level: str, message: str, grouping: str) -> None:
    """A line after the run's last one, in the caller's transaction (the same database as the result)."""
    lines = JobLogEntry.objects.using("default").filter(job_result_id=result.pk)
    last = lines.aggregate(last=Max("sequence"))["last"] or 0
    JobLogEntry.objects.using("default").create(
        job_result_id=result.pk, sequence=last + 1, log_level=level, grouping=grouping, message=message
    )


def final_counters(result: JobResult) -> dict[str, int]:
    """Per-level counts of a run that ended without its writer (one grouped query, not a row scan)."""
    counts = dict.fromkeys(Level.values(), 0)
    rows = (
        JobLogEntry.objects.using("default")
        .filter(job_result_id=result.pk)
        .values("log_level")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts.update({row["log_level"]: row["n"] for row in rows})
    return counts


def _end_locked(locked: JobResult, message: str) -> None:
    """End a run whose row this transaction holds: `message` as its last line, status errored."""
    _append_line(locked, Level.LOG_FAILURE, message, "post_run")
    locked.mark_finished(Status.STATUS_ERRORED, counters=final_counters(locked))
    RunHeartbeat.objects.using("default").filter(job_result_id=locked.pk).delete()


def end_lost_run(result: JobResult, message: str, *, statuses=Status.ACTIVE) -> bool:
    """End the run errored with `message` as its last line, unless it already ended or moved on."""
    with transaction.atomic():
        locked = _locked(result.pk, statuses)
        if locked is None:
            return False
        _end_locked(locked, message)
    result.status = locked.status
    logger.warning("Ended run %s: %s", result.pk, message)
    return True


def requeue_or_end(result: JobResult, cause: str, judged: RunHeartbeat | None = None) -> str | None:
    """A pending run that was lost before it started: hand it out again if its job allows, else end it.

    `result` is the run as the caller read it when it decided, `judged` the claim it judged (if any): only
    that claim is cleared, never a newer one, since a worker may claim the new message before this returns.
    Returns "requeued", "ended", or None when the run is no longer pending, when another reaper (every
    worker and beat run one) handed it out again since then, or when the broker refused it (then it stays
    pending and the next pass tries again).
    """
    with transaction.atomic():
        locked = _locked(result.pk, [Status.STATUS_PENDING])
        if locked is None or locked.attempts != result.attempts:
            return None  # ended, or handed out again by another reaper since `result` was read
        job = locked.job_model
        limit = job.requeue_lost_runs if job is not None else 0
        if job is None or locked.job_kwargs is None or locked.attempts >= limit:
            why = (
                "its inputs were not stored (sensitive variables), so it cannot be handed out again"
                if job is not None and locked.job_kwargs is None
                else f"it was already handed out again {limit} time(s)"
                if limit
                else "its job does not hand lost runs out again (Meta.requeue_lost_runs = 0)"
            )
            message = f"{cause}; {why}."
            _end_locked(locked, message)
            outcome = "ended"
        else:
            try:
                dispatch.send_run(
                    locked,
                    data=locked.job_kwargs.get("data", {}),
                    files=None,
                    time_limit=job.effective_time_limit,
                )
            except Exception as error:
                logger.warning("Could not hand lost run %s out again (will retry): %s", locked.pk, error)
                return None
            attempt = locked.attempts + 1
            JobResult.objects.filter(pk=locked.pk).update(attempts=attempt, sent=timezone.now())
            message = f"{cause}; it was handed to the workers again (attempt {attempt + 1})."
            _append_line(locked, Level.LOG_WARNING, message, "initialization")
            if judged is not None:
                RunHeartbeat.objects.using("default").filter(
                    job_result_id=locked.pk, worker=judged.worker, claimed=judged.claimed
                ).delete()
            outcome = "requeued"
    logger.warning("Run %s %s: %s", result.pk, outcome, message)
    return outcome


def end_run_lost_by_pool(job_result_id, what_happened: str, *, time_limit_hit: bool = False) -> bool:
    """The worker's pool lost the process of this run (killed, or stopped at the hard time limit): act now.

    `what_happened` is the pool's own words (e.g. "Worker exited prematurely: signal 9 (SIGKILL)").
    """
    result = JobResult.objects.select_related("job_model").filter(pk=job_result_id).first()
    if result is None or result.status not in Status.ACTIVE:
        return False
    if result.status == Status.STATUS_PENDING:
        cause = f"The worker process that took this run died before starting it (`{what_happened}`)"
        judged = RunHeartbeat.objects.filter(job_result_id=result.pk).first()
        return requeue_or_end(result, cause, judged) is not None
    if result.worker:
        # The process may still be running (a hard time limit is reported before the kill) and logging: once
        # it and its sessions are gone, the line below comes after its lines.
        watchdog.stop_own_pool_process(result.worker)
        end_database_sessions(result.worker)
    limit = time_limit(result)
    elapsed = (timezone.now() - result.started).total_seconds() if result.started else 0
    if time_limit_hit or elapsed >= limit * 0.95:
        message = f"The job hit its time limit of {limit:g} seconds and its worker process was stopped."
    else:
        message = (
            f"Worker lost: the process running this job died (`{what_happened}`): it was killed or ran out of "
            "memory. The job's database changes were rolled back."
        )
    return end_lost_run(result, message, statuses=[Status.STATUS_RUNNING])


def database_session_name(worker: str) -> str:
    """The name (`application_name`) of the database sessions of the pool process `worker` ("host:pid")."""
    return f"jobsplatform {worker}"[:63]  # PostgreSQL keeps 63 characters


def end_database_sessions(worker: str) -> int:
    """End the database sessions of the pool process that ran a lost run; returns how many there were.

    A machine that dies or is cut off never tells the server, so its run's transaction would stay open,
    holding its row locks, until TCP gives up (hours by default): every run needing those rows would wait.
    Ended, it rolls back now (as the run's last line says), and a cut-off worker that comes back cannot
    commit it. Only sessions of this database role are ended: those need no superuser rights.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s "
            "AND usename = current_user AND datname = current_database() AND pid <> pg_backend_pid()",
            [database_session_name(worker)],
        )
        return cursor.fetchone()[0]


def time_limit(result: JobResult) -> float:
    return result.job_model.effective_time_limit if result.job_model else settings.CELERY_TASK_TIME_LIMIT


def lost_run_message(result: JobResult, heartbeat: RunHeartbeat | None, now: datetime) -> str:
    limit = time_limit(result)
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


# --- The passes ---------------------------------------------------------------------------------
def with_heartbeats(status: str) -> list[tuple[JobResult, RunHeartbeat | None]]:
    """The runs in `status`, each with its heartbeat (or claim), in two queries."""
    results = list(JobResult.objects.filter(status=status).select_related("job_model"))
    beats = {
        beat.job_result_id: beat
        for beat in RunHeartbeat.objects.filter(job_result_id__in=[r.pk for r in results])
    }
    return [(result, beats.get(result.pk)) for result in results]


def reap_running(now: datetime) -> list[JobResult]:
    ended = []
    for result, heartbeat in with_heartbeats(Status.STATUS_RUNNING):
        signs = [moment for moment in (heartbeat.beat if heartbeat else None, result.started) if moment]
        if not signs or now - max(signs) < RUN_STALE_AFTER:
            continue
        # Before the row lock: the lost process may hold it (it was about to commit when it went away).
        if result.worker and end_database_sessions(result.worker):
            logger.warning(
                "Ended the database sessions of %s, which ran the lost run %s", result.worker, result.pk
            )
        # Re-checked under the lock: the run must not have been started again since it was read.
        if end_lost_run(result, lost_run_message(result, heartbeat, now), statuses=[Status.STATUS_RUNNING]):
            ended.append(result)
    return ended


def reap_pending(now: datetime) -> list[JobResult]:
    handled = []
    alive = live_workers(now)
    identities = {worker.identity: worker for worker in alive}
    for result, claim in with_heartbeats(Status.STATUS_PENDING):
        queue = result.task_queue or settings.CELERY_TASK_DEFAULT_QUEUE
        listeners = [worker for worker in alive if queue in worker.queues]
        if claim is not None:
            holder = identities.get(claim.worker)
            if holder is None:
                cause = (
                    f"Worker lost: {claim.worker} took this run from the queue and died before starting it"
                )
            elif had_room_since(holder, claim.claimed, now):
                cause = (
                    f"{claim.worker} took this run from the queue and dropped it without starting it "
                    "(its connection to the broker was lost?)"
                )
            else:
                continue  # in the hands of a live worker
        elif lost_message(result, listeners, now):
            cause = (
                f'The run\'s message was lost: a worker on queue "{queue}" had room for it and never received '
                "it (was the broker restarted?)"
            )
        elif not listeners and now - result.created >= PENDING_NO_WORKER_AFTER:
            message = (
                f'No worker has been listening on queue "{queue}" for '
                f"{PENDING_NO_WORKER_AFTER.total_seconds():g} seconds; the run was abandoned."
            )
            if end_lost_run(result, message, statuses=[Status.STATUS_PENDING]):
                handled.append(result)
            continue
        else:
            continue
        if _claim_unchanged(result, claim) and requeue_or_end(result, cause, claim) is not None:
            handled.append(result)
    return handled


def lost_message(result: JobResult, listeners: list[WorkerHeartbeat], now: datetime) -> bool:
    """A listener on the run's queue has had room, and taken nothing, for a while since the run's message was
    sent: at its submission, or when it was last handed out again."""
    sent = max(result.created, result.sent) if result.sent else result.created
    return any(had_room_since(worker, sent, now) for worker in listeners)


def had_room_since(worker: WorkerHeartbeat, moment: datetime, now: datetime) -> bool:
    """True when `worker` had a free slot and received nothing from `moment` (or from when its room
    began, if later) until its last beat, for at least LOST_MESSAGE_AFTER.

    Then it holds no run it took before `moment` without starting it (a free slot starts a held run at
    once), and a message sent at `moment` to one of its queues would have reached it. Only the span up
    to its last beat is known: what it took after that beat (and whether it then died) is not. The
    margin also covers clocks of different machines that differ a little.
    """
    if worker.idle_since is None:
        return False
    known_until = min(worker.beat, now)
    return known_until - max(worker.idle_since, moment) >= LOST_MESSAGE_AFTER


def _claim_unchanged(result: JobResult, claim: RunHeartbeat | None) -> bool:
    """False when a worker claimed the run after this pass read it (it is in good hands after all)."""
    current = RunHeartbeat.objects.filter(job_result_id=result.pk).values_list("worker", "claimed").first()
    return current == ((claim.worker, claim.claimed) if claim is not None else None)


def purge_leftover_heartbeats(now: datetime) -> int:
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
    """End or hand out again every run that cannot finish as it is; returns the results it handled."""
    now = timezone.now()
    handled = reap_running(now) + reap_pending(now)
    purge_leftover_heartbeats(now)
    return handled
