"""Waiting for a run to finish, for callers that want the outcome in one call (the API's `?wait=`).

A waiting request holds a web server thread, so each process lets only JOBS_API_MAX_CONCURRENT_WAITS
of them wait at once; a request beyond that is answered at once with the run as it is.
"""

from __future__ import annotations

import threading
import time

from django.conf import settings

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult

_waiting = threading.BoundedSemaphore(max(1, settings.JOBS_API_MAX_CONCURRENT_WAITS))

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


def wait_if_allowed(result: JobResult, timeout: float) -> tuple[JobResult, bool]:
    """`wait_for_result()` unless this process already has as many waiting requests as it allows;
    returns the result and whether it was waited for."""
    if not _waiting.acquire(blocking=False):
        return result, False
    try:
        return wait_for_result(result, timeout), True
    finally:
        _waiting.release()
