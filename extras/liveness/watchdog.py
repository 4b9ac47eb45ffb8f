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

logger = logging.getLogger(__name__)

GRACE = 2.0  # seconds past the hard time limit before the backstop stops a run the pool did not


def stop_process_past_its_limit(writer) -> None:
    """Write what `writer` (the run's JobLogWriter) holds, then end this process."""
    writer.flush()
    logger.error("Run %s exceeded its time limit; stopping process %s", writer.job_result_id, os.getpid())
    os.kill(os.getpid(), signal.SIGKILL)
