"""Waiting for a run to finish, for callers that want the outcome in one call (the API's `?wait=`).

A run's end is announced on a PostgreSQL channel (extras.models.jobs.announce_finished); one thread
per web process listens there and wakes the requests waiting for that run, so a short run is answered
as soon as it ends, with no polling. The status is still read again every SAFETY_POLL seconds, in case
a notification was missed while the listener reconnected. A waiting request holds a web server thread,
so each process lets only JOBS_API_MAX_CONCURRENT_WAITS of them wait at once; a request beyond that is
answered at once with the run as it is.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import connections

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult
from extras.models.results import RUN_FINISHED_CHANNEL

logger = logging.getLogger(__name__)

_waiting = threading.BoundedSemaphore(max(1, settings.JOBS_API_MAX_CONCURRENT_WAITS))

SAFETY_POLL = 0.5  # seconds between reads of the status while no notification came
RECONNECT_AFTER = 1.0


class FinishedRuns:
    """Listens on RUN_FINISHED_CHANNEL on a connection of its own and sets the events of waiting requests."""

    def __init__(self):
        self._events: dict[str, set[threading.Event]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.listening = threading.Event()  # set while the channel is listened to
        self._stop = threading.Event()

    def watch(self, job_result_id) -> threading.Event:
        event = threading.Event()
        with self._lock:
            self._events.setdefault(str(job_result_id), set()).add(event)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._listen, name="jobsplatform-run-finished", daemon=True
                )
                self._thread.start()
        return event

    def forget(self, job_result_id, event: threading.Event) -> None:
        with self._lock:
            events = self._events.get(str(job_result_id), set())
            events.discard(event)
            if not events:
                self._events.pop(str(job_result_id), None)

    def stop(self) -> None:
        """Close the listening connection (a test database cannot be dropped while it is open)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None
        self._stop.clear()

    def _listen(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                parameters = connections["default"].get_connection_params()
                for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
                    parameters.pop(key, None)
                with psycopg.connect(**parameters, autocommit=True) as connection:
                    connection.execute(f"LISTEN {RUN_FINISHED_CHANNEL}")
                    self.listening.set()
                    while not self._stop.is_set():
                        for notification in connection.notifies(timeout=1.0):
                            with self._lock:
                                events = list(self._events.get(notification.payload, ()))
                            for event in events:
                                event.set()
                self.listening.clear()
            except Exception:  # the database restarted, say: the safety poll covers the gap
                self.listening.clear()
                logger.warning("Listening for finished runs failed; reconnecting", exc_info=True)
                time.sleep(RECONNECT_AFTER)


finished_runs = FinishedRuns()


def is_finished(result: JobResult) -> bool:
    return JobResult.objects.filter(pk=result.pk, status__in=Status.TERMINAL).exists()


def wait_for_result(result: JobResult, timeout: float) -> JobResult:
    """Return `result` reloaded once it is terminal, or as it is when `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    event = finished_runs.watch(result.pk)
    try:
        while not is_finished(result):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            event.wait(min(SAFETY_POLL, remaining))
            event.clear()
    finally:
        finished_runs.forget(result.pk, event)
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
