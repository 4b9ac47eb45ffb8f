"""Schedules: firing each due occurrence of a ScheduledJob exactly once (requests: extras/schedules/requests.py).

Exactly once: a dispatcher (the beat process, see extras.tasks.JobScheduler; or an approval) fires a schedule
by moving its `next_run_at` from the value it read to the following occurrence with one
compare-and-set UPDATE, inside the transaction that also creates the run. A second dispatcher that
read the same row finds nothing to update and does nothing; the unique (schedule, scheduled_for)
constraint on JobResult backs that up. A schedule found more than one occurrence late (everything
was down) runs once, says so in the run's log, and continues from the next occurrence after now.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from extras.changes.recording import touch
from extras.choices import LogLevelChoices as Level
from extras.engine.services import RunRequest, SubmissionError, record_refused_run, submit_job
from extras.models import JobResult, ScheduledJob
from extras.schedules.occurrences import following_occurrence, zone
from extras.schedules.requests import ScheduleError, ScheduleRequest, create_schedule, parse_schedule
from users.permissions import user_can

__all__ = [  # firing schedules; requests are read and recorded by extras.schedules.requests
    "ScheduleError",
    "ScheduleRequest",
    "create_schedule",
    "dispatch_due_schedules",
    "fire_schedule",
    "parse_schedule",
    "seconds_until_next_due",
    "set_schedule_enabled",
]

logger = logging.getLogger(__name__)

LATE_AFTER = timedelta(seconds=60)  # a run this late is reported as missed in its log
MAX_MISSED_COUNTED = 10_000
DISPATCH_BATCH = 100


def missed_occurrences(schedule: ScheduledJob, due: datetime, now: datetime) -> tuple[int, datetime | None]:
    """How many later occurrences passed unrun between `due` and `now`, and the next one after now."""
    tz = zone(schedule.time_zone)
    missed = 0
    following = following_occurrence(schedule.interval, schedule.start_time, schedule.crontab, tz, due)
    while following is not None and following <= now and missed < MAX_MISSED_COUNTED:
        missed += 1
        following = following_occurrence(
            schedule.interval, schedule.start_time, schedule.crontab, tz, following
        )
    if following is not None and following <= now:  # more than we count: jump straight past now
        following = following_occurrence(schedule.interval, schedule.start_time, schedule.crontab, tz, now)
    return missed, following


def lateness_note(due: datetime, now: datetime, missed: int, following: datetime | None) -> str | None:
    if now - due < LATE_AFTER and not missed:
        return None
    note = (
        f"This run was due at {timezone.localtime(due):%Y-%m-%d %H:%M:%S %Z} and starts late, at "
        f"{timezone.localtime(now):%H:%M:%S}: the scheduler was not running."
    )
    if missed:
        note += (
            f" {missed} later occurrence(s) were missed too; they are not run, this one run stands for them."
        )
    if following is not None:
        note += f" The schedule continues at {timezone.localtime(following):%Y-%m-%d %H:%M:%S %Z}."
    return note


def fire_schedule(schedule: ScheduledJob, now: datetime | None = None) -> JobResult | None:
    """Run the occurrence of `schedule` that is due, if no other dispatcher has; return its result.

    The compare-and-set on `next_run_at` and the creation of the run share one transaction, and the
    run is handed to the workers only when it commits.
    """
    now = now or timezone.now()
    due = schedule.next_run_at
    if due is None or due > now or not schedule.enabled or schedule.awaiting_approval:
        return None
    missed, following = missed_occurrences(schedule, due, now)
    if schedule.job_model is not None:
        # Resolve the job's code before the transaction: for a Git job that may mean a fetch, which
        # must not happen while the schedule row is locked.
        schedule.job_model.job_class  # noqa: B018
    try:
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(pk=schedule.pk, next_run_at=due, enabled=True).update(
                next_run_at=following, last_run_at=now, total_run_count=F("total_run_count") + 1
            )
            if not claimed:
                return None
            return start_occurrence(schedule, due, lateness_note(due, now, missed, following))
    except IntegrityError:
        # This occurrence already has its run (a stale next_run_at was written back, say): move on to
        # the following one, or the schedule would retry this occurrence on every tick forever.
        logger.warning("Schedule %s: occurrence %s already ran; moving to the next", schedule.pk, due)
        ScheduledJob.objects.filter(pk=schedule.pk, next_run_at=due).update(next_run_at=following)
        return None


def start_occurrence(schedule: ScheduledJob, due: datetime, note: str | None) -> JobResult:
    """Submit the stored input; a job that can no longer run this way gets an errored result saying why."""
    from extras.jobs import JobDataError

    job = schedule.job_model
    notes = [(Level.LOG_WARNING, note)] if note else []
    refusal = None
    if job is None:
        refusal = f"The job {schedule.job_class} of this schedule no longer exists."
    elif schedule.user is not None and not requester_may_run(schedule.user, job):
        refusal = f"The scheduled run could not start: {schedule.user} may no longer run this job."
    if refusal is not None:
        return record_refused_run(
            job, schedule=schedule, scheduled_for=due, user=schedule.user, notes=notes, message=refusal
        )
    try:
        return submit_job(
            RunRequest(
                job=job,
                user=schedule.user,
                data=schedule.data,
                commit=schedule.commit,
                task_queue=schedule.task_queue or None,
                source="schedule",
                require_worker=False,
                from_schedule=schedule,
                scheduled_for=due,
                notes=notes,
                # Approved as reviewed: this run commits exactly the reviewed changes (a one-off runs once).
                reviewed_result=schedule.reviewed_result if schedule.one_off else None,
            )
        ).job_result
    except (SubmissionError, JobDataError) as error:
        return record_refused_run(
            job,
            schedule=schedule,
            scheduled_for=due,
            user=schedule.user,
            notes=notes,
            message=f"The scheduled run could not start: {getattr(error, 'message', None) or error}",
        )


def requester_may_run(user, job) -> bool:
    """A schedule runs as its requester, so it stops when they may no longer run the job themselves."""
    return user.is_active and user_can(user, "run", job)


def dispatch_due_schedules(now: datetime | None = None) -> list[JobResult]:
    """Fire every schedule that is due (the beat process calls this about once a second).

    One schedule that cannot be fired (its code fails to load, say) is logged and skipped, so it never
    holds up the others.
    """
    now = now or timezone.now()
    due = ScheduledJob.objects.due(now).select_related("job_model", "user").order_by("next_run_at")
    fired = []
    for schedule in due[:DISPATCH_BATCH]:
        try:
            result = fire_schedule(schedule, now)
        except Exception:
            logger.exception("Schedule %s (%s) could not be fired", schedule.pk, schedule.name)
            continue
        if result is not None:
            fired.append(result)
    return fired


def seconds_until_next_due(now: datetime | None = None, longest: float = 5.0) -> float:
    """How long the dispatcher may sleep: until the earliest active schedule is due, at most `longest`."""
    now = now or timezone.now()
    upcoming = (
        ScheduledJob.objects.active()
        .filter(next_run_at__isnull=False)
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
        .first()
    )
    if upcoming is None:
        return longest
    return max(0.0, min(longest, (upcoming - now).total_seconds()))


def set_schedule_enabled(schedule: ScheduledJob, enabled: bool, now: datetime | None = None) -> ScheduledJob:
    """Pause or resume a schedule. Resumed, a recurring schedule continues from its next occurrence
    after now: occurrences that fell in the pause were paused on purpose, not missed."""
    now = now or timezone.now()
    changes: dict = {"enabled": enabled}
    # Read the stored flag: the instance may already carry the new value (a serializer sets it early).
    was_enabled = ScheduledJob.objects.filter(pk=schedule.pk).values_list("enabled", flat=True).first()
    resumed = enabled and not was_enabled and not schedule.one_off
    if resumed and schedule.next_run_at is not None and schedule.next_run_at < now:
        changes["next_run_at"] = following_occurrence(
            schedule.interval, schedule.start_time, schedule.crontab, zone(schedule.time_zone), now
        )
    touch(schedule)  # an update() sends no signal: the change log reads the schedule before it
    ScheduledJob.objects.filter(pk=schedule.pk).update(**changes, last_updated=now)
    schedule.refresh_from_db()
    return schedule
