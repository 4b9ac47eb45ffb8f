"""Schedule requests: reading the `schedule` of a run request (CONTRACT A4.2) and recording the ScheduledJob."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from extras.choices import JobExecutionTypeChoices as Interval
from extras.engine.submission_errors import ScheduleError
from extras.models import Job, ScheduledJob
from extras.schedules.occurrences import (
    CRON_ERRORS,
    first_occurrence,
    following_occurrence,
    is_valid_crontab,
    zone,
)

START_TIME_GRACE = timedelta(seconds=15)  # start times must be at least this far ahead

NAME_REQUIRED = "Please provide a name for the job schedule."
START_TIME_INVALID = "Please enter a valid date and time greater than or equal to the current date and time."
CRONTAB_INVALID = "Please enter a valid crontab."


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
    interval = read_interval(raw)
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
    name_error = check_name(name)
    if name_error:
        errors["name"] = [name_error]
    now = now or timezone.now()
    start_time = read_datetime(raw.get("start_time"), tz)
    crontab = str(raw.get("crontab") or "").strip()
    errors.update(timing_errors(interval, raw.get("start_time"), start_time, crontab, now))
    if errors:
        raise ScheduleError(errors)
    check_occurs(interval, start_time, crontab, tz, now)
    return ScheduleRequest(
        interval=interval, name=name, start_time=start_time, crontab=crontab, time_zone=time_zone
    )


def read_interval(raw) -> str:
    """The request's interval, one of the choices; refuses a schedule that is not an object."""
    if not isinstance(raw, dict):
        raise ScheduleError(
            {"non_field_errors": ["Expected an object with interval, name, start_time, crontab."]}
        )
    interval = raw.get("interval")
    if not interval:
        raise ScheduleError({"interval": ["This field is required."]})
    if interval not in Interval.values():
        raise ScheduleError({"interval": [f'"{interval}" is not a valid choice.']})
    return interval


def check_name(name: str) -> str | None:
    """Why a schedule's name cannot be used, or None."""
    if not name:
        return NAME_REQUIRED
    if len(name) > 200:
        return "Ensure this field has no more than 200 characters."
    return None


def timing_errors(
    interval: str, given_start, start_time: datetime | None, crontab: str, now: datetime
) -> dict[str, list[str]]:
    """A crontab schedule needs a valid crontab (its start time is optional); the others a start in the future."""
    errors: dict[str, list[str]] = {}
    if interval == Interval.TYPE_CUSTOM:
        if not is_valid_crontab(crontab):
            errors["crontab"] = [CRONTAB_INVALID]
        if given_start not in (None, "") and start_time is None:
            errors["start_time"] = [START_TIME_INVALID]
    elif start_time is None or start_time < earliest_start_time(now):
        errors["start_time"] = [START_TIME_INVALID]
    return errors


def check_occurs(interval: str, start_time: datetime | None, crontab: str, tz, now: datetime) -> None:
    """A schedule must have a next run: `0 0 30 2 *` (30 February) or a start in year 9999 has none."""
    try:
        first = first_occurrence(interval, start_time, crontab, tz, now)
        following_occurrence(interval, start_time, crontab, tz, first)
    except (*CRON_ERRORS, OverflowError):
        field = "crontab" if interval == Interval.TYPE_CUSTOM else "start_time"
        message = "This crontab never matches a date." if field == "crontab" else START_TIME_INVALID
        raise ScheduleError({field: [message]}) from None


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
    reviewed_result=None,
) -> ScheduledJob:
    """Record a schedule, or a request for approval. A run-now request is a one-off due at once, so it
    fires as soon as it is approved (the reference's API stored those so that they never ran).
    `reviewed_result` is the dry run whose changes the run must reproduce exactly (a one-off only)."""
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
        reviewed_result=reviewed_result,
    )


class ScheduleFeature:
    """What submit_job() asks of schedules (registered with the engine, extras.engine.features)."""

    @staticmethod
    def read(raw) -> ScheduleRequest | None:
        return raw if isinstance(raw, ScheduleRequest) else parse_schedule(raw)

    @staticmethod
    def immediately() -> ScheduleRequest:
        return ScheduleRequest(interval=Interval.TYPE_IMMEDIATELY)

    create = staticmethod(create_schedule)
