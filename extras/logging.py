"""Writes a run's log lines outside the job's transaction, buffered, and keeps the run's heartbeat.

A background thread flushes buffered lines every FLUSH_INTERVAL (or sooner when the buffer fills)
with one bulk insert on the `job_logs` alias, so 5,000 lines cost a few inserts, readers see new
lines within a fraction of a second, and a rollback of the job's work never touches them. The same
thread refreshes the run's heartbeat, which the reaper uses to tell a live run from a lost one.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections, connections
from django.utils import timezone

from extras.choices import LogLevelChoices
from extras.models import JobLogEntry, RunHeartbeat
from extras.routers import LIVE_ALIAS

logger = logging.getLogger("jobsplatform.jobs")

FLUSH_INTERVAL = 0.1
FLUSH_BATCH = 500
HEARTBEAT_INTERVAL = 5.0
MAX_OBJECT_LENGTH = 200
MAX_URL_LENGTH = 255
MAX_GROUPING_LENGTH = 100

# Mirrored to Python logging quietly: only warnings and failures show at the default log level.
PYTHON_LEVELS = {
    LogLevelChoices.LOG_DEBUG: logging.DEBUG,
    LogLevelChoices.LOG_SUCCESS: logging.DEBUG,
    LogLevelChoices.LOG_INFO: logging.DEBUG,
    LogLevelChoices.LOG_WARNING: logging.WARNING,
    LogLevelChoices.LOG_FAILURE: logging.ERROR,
}


def describe_object(obj) -> tuple[str | None, str | None]:
    """(str(obj) truncated, its URL if it has a short one); errors in the object's methods are swallowed."""
    if obj is None:
        return None, None
    try:
        text = str(obj)[:MAX_OBJECT_LENGTH]
    except Exception:
        text = f"<{type(obj).__name__}>"
    url = None
    get_url = getattr(obj, "get_absolute_url", None)
    if callable(get_url):
        try:
            candidate = str(get_url())
            url = candidate if len(candidate) <= MAX_URL_LENGTH else None
        except Exception:
            url = None
    return text, url


class JobLogWriter:
    """Log sink for one run: `writer(level, message, obj=None, grouping="main")`."""

    def __init__(self, job_result_id, *, worker: str = "", heartbeat: bool = True, start_sequence: int = 0):
        self.job_result_id = job_result_id
        self.worker = worker
        self.counts = dict.fromkeys(LogLevelChoices.values(), 0)
        self._sequence = start_sequence
        self._buffer: list[JobLogEntry] = []
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._heartbeat = heartbeat
        self._thread: threading.Thread | None = None
        self._python_logger = logging.getLogger(f"jobsplatform.jobs.{job_result_id}")

    # -- the sink ------------------------------------------------------------------------------------
    def __call__(self, level: str, message, obj=None, grouping: str = "main") -> None:
        if level not in self.counts:
            level = LogLevelChoices.LOG_INFO
        text = "" if message is None else str(message)
        object_text, url = describe_object(obj)
        with self._lock:
            self._sequence += 1
            self.counts[level] += 1
            self._buffer.append(
                JobLogEntry(
                    job_result_id=self.job_result_id,
                    sequence=self._sequence,
                    created=timezone.now(),
                    log_level=level,
                    grouping=(grouping or "main")[:MAX_GROUPING_LENGTH],
                    message=text,
                    log_object=object_text,
                    absolute_url=url,
                )
            )
            full = len(self._buffer) >= FLUSH_BATCH
        self._python_logger.log(
            PYTHON_LEVELS.get(level, logging.INFO), "%s%s", f"{object_text}: " if obj else "", text
        )
        if full:
            self._wake.set()
        if self._thread is None:
            self.flush()

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> JobLogWriter:
        """Start the background flusher/heartbeat thread (not used by in-process unit tests)."""
        self._write_heartbeat(claim=True)
        self._thread = threading.Thread(target=self._loop, name=f"joblog-{self.job_result_id}", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop the thread and write everything still buffered; remove the heartbeat."""
        if self._thread is not None:
            self._stop.set()
            self._wake.set()
            self._thread.join(timeout=30)
            self._thread = None
        self.flush()
        if self._heartbeat:
            RunHeartbeat.objects.filter(job_result_id=self.job_result_id).delete()
        connections[LIVE_ALIAS].close_if_unusable_or_obsolete()

    def counted(self) -> dict[str, int]:
        return dict(self.counts)

    def flush(self) -> None:
        with self._lock:
            batch, self._buffer = self._buffer, []
        if batch:
            JobLogEntry.objects.using(LIVE_ALIAS).bulk_create(batch, batch_size=FLUSH_BATCH)

    def _write_heartbeat(self, claim: bool = False) -> None:
        if not self._heartbeat:
            return
        now = timezone.now()
        defaults = {"worker": self.worker, "beat": now}
        if claim:
            defaults["claimed"] = now
        RunHeartbeat.objects.update_or_create(job_result_id=self.job_result_id, defaults=defaults)

    def _loop(self) -> None:
        last_beat = time.monotonic()
        try:
            while not self._stop.is_set():
                self._wake.wait(FLUSH_INTERVAL)
                self._wake.clear()
                try:
                    self.flush()
                    if time.monotonic() - last_beat >= HEARTBEAT_INTERVAL:
                        self._write_heartbeat()
                        last_beat = time.monotonic()
                except Exception:
                    logger.exception("Could not write job log lines for %s", self.job_result_id)
                    time.sleep(FLUSH_INTERVAL)
        finally:
            close_old_connections()
            for alias in connections:
                connections[alias].close()
