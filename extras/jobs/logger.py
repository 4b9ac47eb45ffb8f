"""`self.logger` of a job, and `get_task_logger()`: Python logging calls that become the run's log lines.

Nautobot 2.x jobs log with `self.logger.info("Checked %s", device, extra={"object": device, "grouping":
"check"})`. Each call here becomes a log line of the run (its object linked, its grouping as given, else the
step running) and is also written to Python logging, so the worker's console shows it. The levels are
Python's plus Nautobot's SUCCESS (25) and FAILURE (35); error and critical are stored as failure lines.
Logging never fails a run: `Job.fail()` does that.

A module-level `logger = get_task_logger(__name__)` writes to the run its thread is running (see
`running()`), and only to Python logging outside a run. So does Celery's own task logger, which many 2.x
files use instead (`from celery.utils.log import get_task_logger`): its records reach the `celery.task`
logger, where `RunLogHandler` hands those logged during a run to that run's log.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

SUCCESS = 25
FAILURE = 35
logging.addLevelName(SUCCESS, "SUCCESS")
logging.addLevelName(FAILURE, "FAILURE")

_current = threading.local()


def level_name(level: int) -> str:
    """The run's log level of a Python level: debug, info, success, warning or failure."""
    if level >= FAILURE:
        return "failure"
    if level >= logging.WARNING:
        return "warning"
    if level >= SUCCESS:
        return "success"
    if level >= logging.INFO:
        return "info"
    return "debug"


CELERY_TASK_LOGGER = "celery.task"  # the parent of every logger celery.utils.log.get_task_logger() makes


class RunLogHandler(logging.Handler):
    """Writes the records of Celery's task loggers made during a run into that run's log (object and grouping
    from `extra`, as with `self.logger`); outside a run it does nothing."""

    def emit(self, record: logging.LogRecord) -> None:
        job = current_job()
        if job is None or getattr(record, "skip_db_logging", False):
            return
        try:
            job.write_log(
                level_name(record.levelno),
                record.getMessage(),
                getattr(record, "object", None),
                grouping=getattr(record, "grouping", None),
            )
        except Exception:
            self.handleError(record)


def capture_celery_task_loggers() -> None:
    """Attach RunLogHandler to Celery's task logger once per process. A worker has set that logger's level
    (`celery worker -l info`) and what it drops is not captured; where nobody set one, every level is."""
    parent = logging.getLogger(CELERY_TASK_LOGGER)
    if not any(isinstance(handler, RunLogHandler) for handler in parent.handlers):
        if parent.level == logging.NOTSET:
            parent.setLevel(logging.DEBUG)
        parent.addHandler(RunLogHandler())


@contextmanager
def running(job) -> Iterator[None]:
    """While the runner runs `job` in this thread, task loggers write to its log."""
    capture_celery_task_loggers()
    previous = getattr(_current, "job", None)
    _current.job = job
    try:
        yield
    finally:
        _current.job = previous


def current_job():
    return getattr(_current, "job", None)


class JobLogger(logging.LoggerAdapter):
    """A logger whose records go to a job's log (`job` given, or the job running in this thread)."""

    def __init__(self, name: str, job=None):
        super().__init__(logging.getLogger(name), {})
        self.job = job

    def success(self, msg: Any, *args, **kwargs) -> None:
        self.log(SUCCESS, msg, *args, **kwargs)

    def failure(self, msg: Any, *args, **kwargs) -> None:
        self.log(FAILURE, msg, *args, **kwargs)

    def log(self, level: int, msg: Any, *args, exc_info=None, extra: dict | None = None, **kwargs) -> None:
        extra = dict(extra or {})
        text = str(msg) % args if args else str(msg)
        if exc_info:
            import traceback

            text = f"{text}\n```\n{traceback.format_exc()}\n```"
        job = self.job if self.job is not None else current_job()
        if job is not None and not extra.pop("skip_db_logging", False):
            job.write_log(
                level_name(level), text, extra.pop("object", None), grouping=extra.pop("grouping", None)
            )
            return
        extra.pop("object", None)
        extra.pop("grouping", None)
        extra.pop("skip_db_logging", None)
        if self.logger.isEnabledFor(level):
            self.logger.log(level, "%s", text, extra=extra or None, **kwargs)

    def exception(self, msg: Any, *args, exc_info=True, **kwargs) -> None:
        self.log(logging.ERROR, msg, *args, exc_info=exc_info, **kwargs)


def get_task_logger(name: str) -> JobLogger:
    """Nautobot's `get_task_logger(__name__)`: a logger writing to the run in progress in this thread."""
    return JobLogger(name)
