"""Schedules: reading a schedule request, recording the ScheduledJob, and firing each due occurrence once.

Exactly once: a dispatcher (the beat process, see extras/beat.py; or an approval) fires a schedule
by moving its `next_run_at` from the value it read to the following occurrence with one
compare-and-set UPDATE, inside the transaction that also creates the run. A second dispatcher that
read the same row finds nothing to update and does nothing; the unique (schedule, scheduled_for)
constraint on JobResult backs that up. A schedule found more than one occurrence late (everything
was down) runs once, says so in the run's log, and continues from the next occurrence after now.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from extras.choices import JobExecutionTypeChoices as Interval
from extras.choices import LogLevelChoices as Level
from extras.models import Job, JobResult, ScheduledJob
from extras.occurrences import first_occurrence, following_occurrence, is_valid_crontab, zone
from extras.services import SubmissionError, record_refused_run, submit_job

logger = logging.getLogger(__name__)

START_TIME_GRACE = timedelta(seconds=15)  # start times must be at least this far ahead
LATE_AFTER = timedelta(seconds=60)  # a run this late is reported as missed in its log
MAX_MISSED_COUNTED = 10_000
DISPATCH_BATCH = 100

NAME_REQUIRED = "Please provide a name for the job schedule."
START_TIME_INVALID = "Please enter a valid date and time greater than or equal to the current date and time."
CRONTAB_INVALID = "Please enter a valid crontab."


class ScheduleError(SubmissionError):
    """A schedule request that cannot be accepted; `errors` maps schedule fields to messages."""

    field = "schedule"

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))


@dataclass(frozen=True)
class ScheduleRequest:
    interval: str
    name: str = ""
    start_time: datetime | None = None
    crontab: str = ""
    time_zone: str = "UTC"

    @property
    def immediate(self) -> bool:
        return self.interval == Interval.TYPE_IMMEDIATELY


def earliest_start_time(now: datetime | None = None) -> datetime:
    """A schedule's start time must leave the scheduler this much time (as in the reference)."""
    return (now or timezone.now()) + START_TIME_GRACE


def parse_schedule(raw, now: datetime | None = None) -> ScheduleRequest | None:
    """Validate the `schedule` of a run request (API body, form or multipart fields) per CONTRACT A4.2."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise ScheduleError(
            {"non_field_errors": ["Expected an object with interval, name, start_time, crontab."]}
        )
    now = now or timezone.now()
    interval = raw.get("interval")
    if not interval:
        raise ScheduleError({"interval": ["This field is required."]})
    if interval not in Interval.values():
        raise ScheduleError({"interval": [f'"{interval}" is not a valid choice.']})
    errors: dict[str, list[str]] = {}
    time_zone = str(raw.get("time_zone") or settings.TIME_ZONE)
    try:
        tz = zone(time_zone)
    except ValueError as error:
        errors["time_zone"] = [str(error)]
        tz = zone("UTC")
    name = str(raw.get("name") or "").strip()
    if interval == Interval.TYPE_IMMEDIATELY:
        if errors:
            raise ScheduleError(errors)
        return ScheduleRequest(interval=interval, name=name[:200], time_zone=time_zone)
    if not name:
        errors["name"] = [NAME_REQUIRED]
    elif len(name) > 200:
        errors["name"] = ["Ensure this field has no more than 200 characters."]
    start_time = read_datetime(raw.get("start_time"), tz)
    crontab = str(raw.get("crontab") or "").strip()
    if interval == Interval.TYPE_CUSTOM:
        if not is_valid_crontab(crontab):
            errors["crontab"] = [CRONTAB_INVALID]
        if raw.get("start_time") not in (None, "") and start_time is None:
            errors["start_time"] = [START_TIME_INVALID]
    elif start_time is None or start_time < earliest_start_time(now):
        errors["start_time"] = [START_TIME_INVALID]
    if errors:
        raise ScheduleError(errors)
    return ScheduleRequest(
        interval=interval, name=name, start_time=start_time, crontab=crontab, time_zone=time_zone
    )


def read_datetime(value, tz) -> datetime | None:
    """An ISO 8601 string or a datetime; a time without an offset is read in the schedule's time zone."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and value.strip():
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            return None
        if parsed is None:
            return None
    else:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=tz)
    return parsed


def default_schedule_name(job: Job, now: datetime) -> str:
    return f"{job.name} - {timezone.localtime(now):%Y-%m-%d %H:%M:%S}"[:200]


def create_schedule(
    job: Job,
    request: ScheduleRequest,
    *,
    user,
    data: dict,
    commit: bool,
    task_queue: str,
    now: datetime | None = None,
) -> ScheduledJob:
    """Record a schedule, or a request for approval. A run-now request is a one-off due at once, so it
    fires as soon as it is approved (the reference's API stored those so that they never ran)."""
    now = now or timezone.now()
    interval = request.interval
    start_time = now if request.immediate else request.start_time
    tz = zone(request.time_zone)
    first = first_occurrence(interval, start_time, request.crontab, tz, now)
    requester = user if user is not None and user.is_authenticated else None
    return ScheduledJob.objects.create(
        name=request.name or default_schedule_name(job, now),
        job_model=job,
        job_class=job.class_path,
        user=requester,
        description=f"{job.name} scheduled by {requester or 'the system'} on {timezone.localtime(now):%Y-%m-%d %H:%M}",
        interval=interval,
        start_time=start_time if interval != Interval.TYPE_CUSTOM else (request.start_time or first),
        crontab=request.crontab if interval == Interval.TYPE_CUSTOM else "",
        time_zone=request.time_zone,
        task_queue=task_queue,
        kwargs={"data": data, "commit": commit},
        approval_required=job.approval_required,
        next_run_at=first,
    )


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
    try:
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(pk=schedule.pk, next_run_at=due, enabled=True).update(
                next_run_at=following, last_run_at=now, total_run_count=F("total_run_count") + 1
            )
            if not claimed:
                return None
            return start_occurrence(schedule, due, lateness_note(due, now, missed, following))
    except IntegrityError:  # the same occurrence already has its run (belt and braces)
        logger.info("Schedule %s: occurrence %s already ran", schedule.pk, due)
        return None


def start_occurrence(schedule: ScheduledJob, due: datetime, note: str | None) -> JobResult:
    """Submit the stored input; a job that can no longer run this way gets an errored result saying why."""
    from extras.jobs import JobDataError

    job = schedule.job_model
    notes = [(Level.LOG_WARNING, note)] if note else []
    if job is None:
        return record_refused_run(
            None,
            schedule=schedule,
            scheduled_for=due,
            user=schedule.user,
            notes=notes,
            message=f"The job {schedule.job_class} of this schedule no longer exists.",
        )
    try:
        return submit_job(
            job,
            user=schedule.user,
            data=schedule.data,
            commit=schedule.commit,
            task_queue=schedule.task_queue or None,
            source="schedule",
            require_worker=False,
            from_schedule=schedule,
            scheduled_for=due,
            notes=notes,
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


def dispatch_due_schedules(now: datetime | None = None) -> list[JobResult]:
    """Fire every schedule that is due (the beat process calls this about once a second)."""
    now = now or timezone.now()
    due = ScheduledJob.objects.due(now).select_related("job_model", "user").order_by("next_run_at")
    fired = []
    for schedule in due[:DISPATCH_BATCH]:
        result = fire_schedule(schedule, now)
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
    ScheduledJob.objects.filter(pk=schedule.pk).update(**changes, last_updated=now)
    schedule.refresh_from_db()
    return schedule
