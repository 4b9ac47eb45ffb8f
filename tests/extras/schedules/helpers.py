"""Building schedules in the schedule tests."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.utils import timezone

from extras.models import Job, ScheduledJob
from extras.schedules.requests import (
    ScheduleRequest,
    create_schedule,
)


def later(**delta) -> str:
    """A start time as a datetime-local input sends it, on the UTC wall clock."""
    return (timezone.now().astimezone(UTC) + timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%S")


def schedule_of(job: Job, user=None, interval="daily", start_time=None, **options) -> ScheduledJob:
    return create_schedule(
        job,
        ScheduleRequest(
            interval=interval,
            name=options.pop("name", f"{interval} run"),
            start_time=start_time or timezone.now() + timedelta(hours=1),
            **options,
        ),
        user=user,
        data={"manufacturer_name": "Stored Inc", "model_name": ""},
        commit=True,
        task_queue="default",
    )
