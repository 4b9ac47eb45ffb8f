"""Writes a run's log lines outside the job's transaction, buffered, and keeps the run's heartbeat.

One long-lived flusher thread per process (with its own, reused database connection) writes the
buffered lines of every active run every FLUSH_INTERVAL, or sooner when a buffer fills, with COPY
on the `job_logs` alias: 5,000 lines cost a few COPYs, readers see new lines within a
fraction of a second, and a rollback of the job's work never touches them. The same thread keeps
each active run's heartbeat fresh (extras/liveness/heartbeats.py), which the reaper uses to tell a live
run from a lost one, and stops a run past its hard time limit (extras/liveness/watchdog.py). A run's
last lines are written by the run itself when it closes its writer, before its status turns final.

A job's progress (`self.progress(done, total, message)`) is kept in the writer and written to its
result's row by the same thread at most once a tick, whatever the rate of calls; it waits at most
PROGRESS_LOCK_TIMEOUT for that row (a lock held elsewhere only delays the report to the next tick).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from contextlib import suppress

from django.db import DatabaseError, close_old_connections, connections, transaction
from django.db.models import Count, Max
from django.utils import timezone

from extras.choices import LogLevelChoices
from extras.engine.progress import clean_progress
from extras.liveness import heartbeats, watchdog
from extras.liveness.heartbeats import HEARTBEAT_INTERVAL
from extras.models import JobLogEntry, JobResult
from extras.routers import LIVE_ALIAS

logger = logging.getLogger("jobsplatform.jobs")

FLUSH_INTERVAL = 0.1
FLUSH_BATCH = 500
IDLE_DISCONNECT_AFTER = 2.0
MAX_OBJECT_LENGTH = 200
MAX_URL_LENGTH = 255
MAX_GROUPING_LENGTH = 100
PROGRESS_LOCK_TIMEOUT = "200ms"
LOCAL_PROGRESS_INTERVAL = 0.5  # seconds between progress writes of a run without the flusher thread

# Mirrored to Python logging quietly: only warnings and failures show at the default log level.
PYTHON_LEVELS = {
    LogLevelChoices.LOG_DEBUG: logging.DEBUG,
    LogLevelChoices.LOG_SUCCESS: logging.DEBUG,
    LogLevelChoices.LOG_INFO: logging.DEBUG,
    LogLevelChoices.LOG_WARNING: logging.WARNING,
    LogLevelChoices.LOG_FAILURE: logging.ERROR,
}


# A buffered line is a row in this column order, copied into the table as it is (see write_lines).
LINE_COLUMNS = (
    "id",
    "job_result_id",
    "sequence",
    "created",
    "log_level",
    "grouping",
    "message",
    "log_object",
    "absolute_url",
)


def write_lines(rows: list[tuple]) -> None:
    """Insert buffered lines with PostgreSQL's COPY on the `job_logs` connection.

    Three times faster than bulk_create() for 5,000 lines (no model instance per line, no SQL to build);
    errors are Django's, as from any query.
    """
    connection = connections[LIVE_ALIAS]
    table = connection.ops.quote_name(JobLogEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in LINE_COLUMNS)
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def without_nul(text: str) -> str:
    """PostgreSQL text cannot hold NUL; device output sometimes does. It shows as U+FFFD instead."""
    return text.replace("\x00", "\ufffd") if "\x00" in text else text


def describe_object(obj) -> tuple[str | None, str | None]:
    """(str(obj) truncated, its URL if it has a short one); errors in the object's methods are swallowed."""
    if obj is None:
        return None, None
    try:
        text = without_nul(str(obj))[:MAX_OBJECT_LENGTH]
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

    def __init__(
        self,
        job_result_id,
        *,
        worker: str = "",
        heartbeat: bool = True,
        start_sequence: int = 0,
        initial_counts: dict[str, int] | None = None,
        hard_time_limit: float | None = None,
    ):
        self.job_result_id = job_result_id
        self.worker = worker
        self.heartbeat = heartbeat
        # Enforced by the flusher in worker processes (see LiveFlusher._enforce_time_limit).
        self.hard_time_limit = hard_time_limit
        self.deadline = time.monotonic() + hard_time_limit + watchdog.GRACE if hard_time_limit else None
        self.counts = dict.fromkeys(LogLevelChoices.values(), 0)
        for level, count in (initial_counts or {}).items():
            if level in self.counts:
                self.counts[level] += count
        self._sequence = start_sequence
        self._buffer: list[tuple] = []  # rows in LINE_COLUMNS order
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._progress_lock = threading.Lock()  # taken across take + write: no older report lands last
        self._live = False
        self._progress: dict | None = None  # reported and not yet written
        self._progress_written_at = 0.0
        self._python_logger = logging.getLogger(f"jobsplatform.jobs.{job_result_id}")

    # -- the sink ------------------------------------------------------------------------------------
    def __call__(self, level: str, message, obj=None, grouping: str = "main") -> None:
        if level not in self.counts:
            level = LogLevelChoices.LOG_INFO
        text = without_nul("" if message is None else str(message))
        object_text, url = describe_object(obj)
        with self._lock:
            self._sequence += 1
            self.counts[level] += 1
            self._buffer.append(
                (
                    uuid.uuid4(),
                    self.job_result_id,
                    self._sequence,
                    timezone.now(),
                    level,
                    without_nul(grouping or "main")[:MAX_GROUPING_LENGTH],
                    text,
                    object_text,
                    url,
                )
            )
            full = len(self._buffer) >= FLUSH_BATCH
        python_level = PYTHON_LEVELS.get(level, logging.INFO)
        if self._python_logger.isEnabledFor(python_level):
            self._python_logger.log(python_level, "%s%s", f"{object_text}: " if obj else "", text)
        if not self._live:
            self.flush()
        elif full:
            flusher().wake()

    def set_progress(self, done, total, message=None) -> None:
        """Keep the job's latest progress; the flusher writes it (or this thread, every half second)."""
        done, total, text = clean_progress(done, total, message)
        with self._lock:
            self._progress = {
                "progress_done": done,
                "progress_total": total,
                "progress_message": text,
                "progress_updated": timezone.now(),
            }
        if not self._live and time.monotonic() - self._progress_written_at >= LOCAL_PROGRESS_INTERVAL:
            self.flush_progress()

    def take_progress(self) -> dict | None:
        """The progress not written yet (the runner writes it with the final status)."""
        with self._lock:
            pending, self._progress = self._progress, None
        return pending

    def flush_progress(self) -> None:
        # The flusher thread and close() write on separate connections: one write at a time per run, in
        # the order the reports were taken, or a report taken first could be committed after a newer one.
        with self._progress_lock:
            self._write_progress()

    def _write_progress(self) -> None:
        pending = self.take_progress()
        if pending is None:
            return
        try:
            with transaction.atomic(using=LIVE_ALIAS):
                with connections[LIVE_ALIAS].cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = '{PROGRESS_LOCK_TIMEOUT}'")
                JobResult.objects.using(LIVE_ALIAS).filter(pk=self.job_result_id).update(**pending)
            self._progress_written_at = time.monotonic()
        except DatabaseError:
            with self._lock:  # a newer report replaces it; otherwise it is tried again next time
                if self._progress is None:
                    self._progress = pending

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> JobLogWriter:
        """Hand this run to the process's flusher thread: lines are written in the background."""
        self._live = True
        flusher().register(self)
        return self

    def close(self) -> None:
        """Write everything still buffered (in this thread), the last progress too, and leave the flusher."""
        if self._live:
            flusher().unregister(self)
            self._live = False
        self.flush()
        self.flush_progress()

    def counted(self) -> dict[str, int]:
        return dict(self.counts)

    def flush(self) -> None:
        # One flush at a time per run, so lines are inserted in sequence order.
        with self._flush_lock:
            with self._lock:
                batch, self._buffer = self._buffer, []
            if batch:
                try:
                    write_lines(batch)
                except Exception:
                    with self._lock:  # kept for the next flush: a database that restarts loses no line
                        self._buffer[:0] = batch
                    raise


class LiveFlusher:
    """The process-wide background thread behind every started JobLogWriter."""

    def __init__(self):
        self._writers: dict = {}
        self._beats: dict = {}  # job_result_id → monotonic time of the last heartbeat written
        self._finished: list = []  # heartbeats to delete
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="jobsplatform-log-flusher", daemon=True)
        self._thread.start()

    def register(self, writer: JobLogWriter) -> None:
        # The first heartbeat comes one interval after the start: until then the run's start time is its
        # proof of life (extras.liveness.reaper), so a short run writes no heartbeat at all.
        with self._lock:
            self._writers[writer.job_result_id] = writer
            self._beats[writer.job_result_id] = time.monotonic()

    def unregister(self, writer: JobLogWriter) -> None:
        with self._lock:
            self._writers.pop(writer.job_result_id, None)
            if writer.heartbeat:
                self._finished.append(writer.job_result_id)

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        idle_since = time.monotonic()
        while True:
            self._wake.wait(FLUSH_INTERVAL)
            self._wake.clear()
            try:
                self._tick()
                if self._writers:
                    idle_since = time.monotonic()
                elif time.monotonic() - idle_since > IDLE_DISCONNECT_AFTER:
                    # Hold no connection while idle (lets test databases be dropped; frees server slots).
                    connections[LIVE_ALIAS].close()
                    idle_since = time.monotonic()
            except Exception:
                # Never let this thread die: every run of the process depends on it. Retry next tick.
                logger.exception("Could not write job log lines or heartbeats")
                with suppress(Exception):
                    close_old_connections()
                time.sleep(FLUSH_INTERVAL)

    def _tick(self) -> None:
        with self._lock:
            writers = list(self._writers.values())
            finished, self._finished = self._finished, []
        now = time.monotonic()
        for writer in writers:
            if writer.deadline is not None and now >= writer.deadline:
                watchdog.stop_process_past_its_limit(writer)
            writer.flush()
            writer.flush_progress()
            if (
                writer.heartbeat
                and now - self._beats.get(writer.job_result_id, -HEARTBEAT_INTERVAL) >= HEARTBEAT_INTERVAL
            ):
                heartbeats.beat(writer.job_result_id, writer.worker)
                self._beats[writer.job_result_id] = now
        for job_result_id in finished:
            self._beats.pop(job_result_id, None)
        heartbeats.forget(finished)


_flusher: LiveFlusher | None = None
_flusher_lock = threading.Lock()


def flusher() -> LiveFlusher:
    """This process's flusher, started on first use (and anew in a forked child)."""
    global _flusher
    with _flusher_lock:
        if _flusher is None:
            _flusher = LiveFlusher()
        return _flusher


def _forget_flusher_after_fork() -> None:
    global _flusher, _flusher_lock
    _flusher = None
    _flusher_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_flusher_after_fork)


def lines_written_before(job_result_id) -> tuple[int, dict[str, int]]:
    """The last sequence number and per-level counts of lines a run already has before it starts.

    A scheduler note on a late run, or the reaper's note on a run handed out again, comes first;
    the run's own lines follow them and the final counters include them. One grouped query.
    """
    rows = list(
        JobLogEntry.objects.filter(job_result_id=job_result_id)
        .values("log_level")
        .annotate(n=Count("id"), last=Max("sequence"))
        .order_by()
    )
    counts = {row["log_level"]: row["n"] for row in rows}
    return max((row["last"] for row in rows), default=0), counts
