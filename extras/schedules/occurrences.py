"""When a schedule fires: the next occurrence of each interval kind, in the schedule's own time zone.

Daily and weekly schedules repeat at the hour and minute (and weekday) of their start time, and
custom schedules follow a five-field crontab, all read on the wall clock of the schedule's time
zone: "daily at 09:00 Europe/Berlin" stays at 09:00 local time across DST changes. When clocks go
back, a wall-clock time that happens twice fires once (the first time); when they go forward, a time
that does not exist fires as much later as the clock jumped (02:30 fires at 03:30 when 02:00 becomes
03:00). Hourly schedules fire every 60 minutes of real time, at the minute of their start time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadCronError, CroniterBadDateError, CroniterNotAlphaError, croniter

from extras.choices import JobExecutionTypeChoices as Interval

HOUR = timedelta(hours=1)
INSTANT = timedelta(microseconds=1)
CRON_ERRORS = (CroniterBadCronError, CroniterBadDateError, CroniterNotAlphaError, ValueError, KeyError)


def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name; ValueError when there is none of that name."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f'Unknown time zone "{name}".') from error


def is_valid_crontab(expression: str) -> bool:
    """Five fields of numbers, `*`, `,`, `-` and `/` (no seconds, no macros, no L/W/#/?)."""
    fields = (expression or "").split()
    if len(fields) != 5 or any(set(field) - set("0123456789*,-/") for field in fields):
        return False
    try:
        croniter(expression)
    except CRON_ERRORS:
        return False
    return True


def crontab_for(interval: str, start_time: datetime | None, crontab: str, time_zone: ZoneInfo) -> str | None:
    """The wall-clock crontab a daily, weekly or custom schedule follows; None for the others."""
    if interval == Interval.TYPE_CUSTOM:
        return crontab
    if interval not in (Interval.TYPE_DAILY, Interval.TYPE_WEEKLY) or start_time is None:
        return None
    local = start_time.astimezone(time_zone)
    if interval == Interval.TYPE_DAILY:
        return f"{local.minute} {local.hour} * * *"
    return f"{local.minute} {local.hour} * * {local.isoweekday() % 7}"


def next_cron_time(crontab: str, after: datetime, time_zone: ZoneInfo) -> datetime:
    """The first moment strictly after `after` whose wall-clock time in `time_zone` matches `crontab`, in UTC.

    croniter steps over naive wall-clock times; each is placed in the zone with `fold=0`, which puts a
    repeated time at its first occurrence and shifts a skipped one by the size of the gap.
    """
    candidates = croniter(crontab, after.astimezone(time_zone).replace(tzinfo=None))
    while True:
        moment = candidates.get_next(datetime).replace(tzinfo=time_zone).astimezone(UTC)
        if moment > after:
            return moment


def next_hourly_time(start_time: datetime, after: datetime) -> datetime:
    """Every 60 minutes of real time from the start time (arithmetic in UTC, not on the wall clock)."""
    origin = start_time.astimezone(UTC)
    if after < origin:
        return origin
    return origin + (int((after - origin) // HOUR) + 1) * HOUR


def first_occurrence(
    interval: str, start_time: datetime | None, crontab: str, time_zone: ZoneInfo, now: datetime
) -> datetime:
    """When a new schedule first fires.

    One-offs and fixed recurrences fire first at their start time; a custom crontab fires at its first
    match after the start time (or after now without one), never "at once" by accident.
    """
    if interval == Interval.TYPE_IMMEDIATELY:
        return now
    if interval == Interval.TYPE_CUSTOM:
        # Inclusive: a crontab that matches the start time itself fires then.
        return next_cron_time(crontab, max(start_time or now, now) - INSTANT, time_zone)
    return start_time or now


def following_occurrence(
    interval: str, start_time: datetime | None, crontab: str, time_zone: ZoneInfo, after: datetime
) -> datetime | None:
    """The next time after `after` a schedule fires again, or None when it never does (one-offs)."""
    if interval == Interval.TYPE_HOURLY and start_time is not None:
        return next_hourly_time(start_time, after)
    expression = crontab_for(interval, start_time, crontab, time_zone)
    if expression is None:
        return None
    return next_cron_time(expression, after, time_zone)


def upcoming(
    interval: str,
    start_time: datetime | None,
    crontab: str,
    time_zone: ZoneInfo,
    now: datetime,
    count: int = 5,
) -> list[datetime]:
    """The next `count` times a schedule like this would fire (for previews in the run form)."""
    moments = [first_occurrence(interval, start_time, crontab, time_zone, now)]
    while len(moments) < count:
        following = following_occurrence(interval, start_time, crontab, time_zone, moments[-1])
        if following is None:
            break
        moments.append(following)
    return moments
