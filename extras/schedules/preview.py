"""The next run times of a schedule being typed into the run form (or why it is not valid yet)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from extras.choices import JobExecutionTypeChoices as Interval
from extras.schedules.occurrences import upcoming, zone
from extras.schedules.requests import START_TIME_GRACE, ScheduleError, parse_schedule


@dataclass
class SchedulePreview:
    """The next run times of a schedule as the run form describes it, or why it is not valid yet."""

    time_zone: str = ""
    moments: list[dict] = field(default_factory=list)  # {"iso": ..., "text": ...} on the zone's clock
    errors: list[str] = field(default_factory=list)


def preview_schedule(params: Mapping, now=None) -> SchedulePreview | None:
    """Read `_schedule_*` parameters as the run form posts them; None for a run now (nothing to show).

    Validation is parse_schedule()'s, as for a submission, except that no name is needed and the start
    time gets the grace of the API's preview (the user is still typing).
    """
    now = now or timezone.now()
    interval = params.get("_schedule_interval") or Interval.TYPE_IMMEDIATELY
    if interval == Interval.TYPE_IMMEDIATELY:
        return None
    raw = {
        "interval": interval,
        "name": "preview",
        "start_time": params.get("_schedule_start_time", ""),
        "crontab": params.get("_schedule_crontab", ""),
        "time_zone": params.get("_schedule_time_zone") or settings.TIME_ZONE,
    }
    try:
        schedule = parse_schedule(raw, now=now - START_TIME_GRACE)
    except ScheduleError as error:
        return SchedulePreview(errors=[message for messages in error.errors.values() for message in messages])
    tz = zone(schedule.time_zone)
    moments = upcoming(schedule.interval, schedule.start_time, schedule.crontab, tz, now)
    return SchedulePreview(
        time_zone=schedule.time_zone,
        moments=[
            {"iso": moment.isoformat(), "text": f"{timezone.localtime(moment, tz):%a %Y-%m-%d %H:%M %Z}"}
            for moment in moments
        ],
    )
