"""The hard time limit's backstop, in worker processes: a run still going a moment after its limit (Celery's
pool did not stop it) stops its whole process.

The job's lines so far are written first; the process exit rolls back the job's transaction. The result is
ended with the one line naming the limit by whoever notices the lost process: the worker at once (Celery
reports it), or the reaper once the heartbeat stops. Nothing here waits on the job's own database connection.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from contextlib import suppress
from pathlib import Path

logger = logging.getLogger(__name__)

GRACE = 2.0  # seconds past the hard time limit before the backstop stops a run the pool did not


def stop_process_past_its_limit(writer) -> None:
    """Write what `writer` (the run's JobLogWriter) holds, then end this process."""
    writer.flush()
    logger.error("Run %s exceeded its time limit; stopping process %s", writer.job_result_id, os.getpid())
    os.kill(os.getpid(), signal.SIGKILL)


def stop_own_pool_process(worker: str, wait: float = 5.0) -> None:
    """Make sure the pool process `worker` ("host:pid"), a child of this worker, is gone before its run is ended.

    Celery reports a hard time limit before its pool kills the process (it sends TERM, waits, then KILL), and
    meanwhile the process still runs its job and writes log lines, which would land after the run's last line.
    A process on another host, or not this worker's child, is left alone.
    """
    host, _, pid_text = worker.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return
    pid = int(pid_text)
    if _parent_of(pid) != os.getpid():
        return
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def _stat_fields(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _parent_of(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if len(fields) > 1 else None


def _running(pid: int) -> bool:
    """True while `pid` runs; a zombie waiting for the pool to collect it has stopped."""
    fields = _stat_fields(pid)
    return bool(fields) and fields[0] != "Z"
