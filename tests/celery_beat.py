"""A real Celery beat subprocess for tests (`celery -A jobsplatform beat` with the project's scheduler).

It shares the test databases like the test worker (tests/celery_worker.py), so schedules created in
a transactional test are fired by it; its log is kept for the assertion messages.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from tests.celery_worker import worker_environment
from tests.runs import wait_for

TICK_LINE = "beat: Waking up"  # logged at debug level after every tick


@dataclass
class CeleryBeat:
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def ticks(self) -> int:
        """How many scheduler ticks this beat has finished: each ends with Celery's "Waking up" line, and
        every tick of extras.tasks.JobScheduler first fires the schedules that are due."""
        return self.log().count(TICK_LINE)

    def wait_ticks(self, count: int = 2, timeout: float = 30.0) -> None:
        """Wait until `count` more ticks have finished. With two, the second tick began after this call
        started, so whatever it would have fired (a duplicate, say) has been fired by then."""
        target = self.ticks() + count
        wait_for(lambda: self.ticks() >= target, timeout, message=f"{count} ticks of beat")

    def stop(self, timeout: float = 20.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait()


def start_beat(log_dir: Path) -> CeleryBeat:
    """Start beat with the configured scheduler (extras.tasks.JobScheduler); it fires due schedules."""
    name = uuid.uuid4().hex[:8]
    log_path = Path(log_dir) / f"beat-{name}.log"
    command = [sys.executable, "-m", "celery", "-A", "jobsplatform", "beat", "-l", "debug"]
    command += ["--pidfile=", "-s", str(Path(log_dir) / f"beat-{name}.db")]
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command,
            cwd=str(settings.BASE_DIR),
            env=worker_environment(),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    return CeleryBeat(process=process, log_path=log_path)
