"""Waiting for a run to finish, for callers that want the outcome in one call (the API's `?wait=`)."""

from __future__ import annotations

import time

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult

FIRST_POLL = 0.02  # seconds; a no-op run on Redis ends in a few milliseconds
LONGEST_POLL = 0.25


def wait_for_result(result: JobResult, timeout: float) -> JobResult:
    """Return `result` reloaded once it is terminal, or as it is when `timeout` seconds have passed.

    Polls one indexed row with a growing interval: cheap for short runs, gentle for long ones.
    """
    deadline = time.monotonic() + timeout
    interval = FIRST_POLL
    while True:
        if JobResult.objects.filter(pk=result.pk, status__in=Status.TERMINAL).exists():
            break
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(interval, remaining))
        interval = min(interval * 2, LONGEST_POLL)
    result.refresh_from_db()
    return result
