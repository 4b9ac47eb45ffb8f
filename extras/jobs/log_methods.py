"""The log_* methods of a job: where a log call goes (the runner's sink, or memory and Python logging).

`log_*(obj=None, message=None)` is Nautobot's order; a call in NetBox's order (`log_info("text", obj)`) is
recognised and logged the same way. With no sink attached (tests, ad-hoc use) the calls are kept in
`job.log_entries` and written to Python logging.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

LOG_LEVELS = ("debug", "success", "info", "warning", "failure")
PYTHON_LOG_LEVELS = {"debug": logging.DEBUG, "warning": logging.WARNING, "failure": logging.ERROR}

LogSink = Callable[..., None]


@dataclass
class LoggedMessage:
    """One log call recorded in memory when no sink is attached (tests, ad-hoc use)."""

    level: str
    message: str
    obj: Any = None
    grouping: str = "main"
    created: datetime = field(default_factory=lambda: datetime.now(UTC))


class JobLogMethods:
    """Mixed into Job: the logging API authors call."""

    def set_log_sink(self, sink: LogSink | None) -> None:
        """Route log calls to `sink(level, message, obj, grouping=...)`; None restores in-memory logging."""
        self._log_sink = sink

    def log(self, message: Any) -> None:
        self._log("debug", message)

    def log_debug(self, message: Any) -> None:
        self._log("debug", message)

    def log_success(self, obj: Any = None, message: Any = None) -> None:
        self._log_about("success", obj, message)

    def log_info(self, obj: Any = None, message: Any = None) -> None:
        self._log_about("info", obj, message)

    def log_warning(self, obj: Any = None, message: Any = None) -> None:
        self._log_about("warning", obj, message)

    def log_failure(self, obj: Any = None, message: Any = None) -> None:
        """Record a failure and mark the run failed; execution goes on (raise or return to stop)."""
        self.failed = True
        self._log_about("failure", obj, message)

    def progress(self, done: int, total: int | None = None, message: Any = None) -> None:
        """Report how far the run is: `done` of `total` items (and what it is doing). Shown on the result page
        and in the API as a bar with an estimated time left; cheap enough to call for every item."""
        sink = getattr(self, "_log_sink", None)
        report = getattr(sink, "set_progress", None)
        if report is not None:
            report(done, total, message)
            return
        self.progress_reported = (done, total, None if message is None else str(message))

    def _log_about(self, level: str, obj: Any, message: Any) -> None:
        if isinstance(obj, str) and message is None:  # NetBox style: log_info("text")
            obj, message = None, obj
        elif isinstance(obj, str) and message is not None and not isinstance(message, str):
            obj, message = message, obj  # NetBox's order: log_info("text", obj)
        self._log(level, message, obj)

    def _log(self, level: str, message: Any, obj: Any = None) -> None:
        self.write_log(level, "" if message is None else str(message), obj)

    def write_log(self, level: str, text: str, obj: Any = None, grouping: str | None = None) -> None:
        """One log line at `level` ("debug" ... "failure"), about `obj`, under `grouping` (default: the step
        running). Where log_* and `self.logger` calls end up."""
        grouping = grouping or getattr(self, "active_grouping", "main")
        sink = getattr(self, "_log_sink", None)
        if sink is not None:
            sink(level, text, obj, grouping=grouping)
            return
        self.__dict__.setdefault("log_entries", []).append(LoggedMessage(level, text, obj, grouping))
        logger = logging.getLogger(f"jobsplatform.jobs.{type(self).__module__}.{type(self).__name__}")
        prefix = f"{obj}: " if obj is not None else ""
        logger.log(PYTHON_LOG_LEVELS.get(level, logging.INFO), "[%s] %s%s", grouping, prefix, text)
