"""A real Celery worker subprocess for tests, bound to the test database and the configured broker.

The worker is `celery -A jobsplatform worker` with the test settings; it opens the database pytest-django
created (`test_<name>`, on the embedded server or the one DATABASE_URL names) and reads the broker the
settings name (the filesystem broker in the test DATA_DIR by default, Redis when CELERY_BROKER_URL says
so). Tests that use it need `@pytest.mark.django_db(transaction=True)`: rows must be committed before a
worker can see them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connections

READY_TIMEOUT = 60.0  # seconds; a cold start on a busy two-core machine takes about 6
STOP_TIMEOUT = 30.0


def database_url(settings_dict: dict) -> str:
    """Describe a live connection's database (after pytest-django renamed it) as a DATABASE_URL."""
    credentials = quote(settings_dict["USER"] or "", safe="")
    if settings_dict.get("PASSWORD"):
        credentials += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "localhost"
    name = quote(settings_dict["NAME"], safe="")
    if host.startswith("/"):  # a Unix socket folder (the embedded server)
        return f"postgres://{credentials}@/{name}?host={quote(host, safe='/')}"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{name}"


def worker_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a worker that shares this test session's databases, broker and folders."""
    env = {key: value for key, value in os.environ.items() if not key.endswith("DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATA_DIR=str(settings.DATA_DIR),
        JOBS_ROOT=str(settings.JOBS_ROOT),
        GIT_ROOT=str(settings.GIT_ROOT),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        DATABASE_URL=database_url(connections["default"].settings_dict),
        CONN_MAX_AGE="0",  # no connection outlives a task, so the test database can be dropped at the end
        PYTHONUNBUFFERED="1",
    )
    env.update(extra or {})
    return env


def celery_app():
    """The project's Celery app, imported late: importing it early would pick the settings module."""
    from jobsplatform.celery import app

    return app


def ping_on(broker_url: str, hostname: str, timeout: float) -> list:
    """Ping a worker on a broker of the test's own, with a bare app (not the configured broker's options).

    Celery reads CELERY_BROKER_URL from the environment before any configuration, so it is set aside here.
    """
    from celery import Celery

    saved = os.environ.pop("CELERY_BROKER_URL", None)
    try:
        with Celery("ping", broker=broker_url, set_as_current=False) as app:
            return app.control.ping(destination=[hostname], timeout=timeout)
    finally:
        if saved is not None:
            os.environ["CELERY_BROKER_URL"] = saved


def purge_broker() -> None:
    """Drop messages a previous run left behind, so they cannot reach this session's worker."""
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "control_folder"):
            shutil.rmtree(options[key], ignore_errors=True)
            os.makedirs(options[key], exist_ok=True)
    else:
        celery_app().control.purge()


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


@dataclass
class CeleryWorker:
    """A running worker: `hostname` answers pings, `log_path` holds everything it printed."""

    process: subprocess.Popen
    hostname: str
    log_path: Path
    _log_file: object = field(repr=False, default=None)
    broker_url: str | None = None  # when it is not the configured broker

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def ping(self, timeout: float = 1.0) -> bool:
        if self.broker_url is None:
            replies = celery_app().control.ping(destination=[self.hostname], timeout=timeout)
        else:
            replies = ping_on(self.broker_url, self.hostname, timeout)
        return any(self.hostname in reply for reply in replies)

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """Warm shutdown (SIGTERM): running tasks finish first; killed if it takes longer than `timeout`."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self._reap()

    def kill(self) -> int:
        """SIGKILL the worker and its pool processes at once, as a crash would."""
        _kill_group(self.process.pid)
        return self._reap()

    def _reap(self) -> int:
        code = self.process.wait()
        _kill_group(self.process.pid)  # pool processes left by a parent that died first
        if self._log_file is not None:
            self._log_file.close()
        return code


def start_worker(
    log_dir: Path,
    *,
    queues: str = "",
    concurrency: int = 2,
    extra_env: dict[str, str] | None = None,
    hostname: str | None = None,
) -> CeleryWorker:
    """Start a prefork worker and return once it answers a ping; fail with its log if it never does.

    `hostname` restarts a worker under the name of one that died (as a supervisor would).
    """
    hostname = hostname or f"test-{uuid.uuid4().hex[:8]}@jobsplatform"
    log_path = Path(log_dir) / f"{hostname.split('@')[0]}-{uuid.uuid4().hex[:4]}.log"
    log_file = open(log_path, "w")  # noqa: SIM115 - closed by CeleryWorker when the worker ends
    command = [sys.executable, "-m", "celery", "-A", "jobsplatform", "worker", "-n", hostname]
    command += ["--pool=prefork", f"--concurrency={concurrency}", "-l", "info"]
    command += ["-Q", queues or settings.CELERY_TASK_DEFAULT_QUEUE, "--without-gossip", "--without-mingle"]
    process = subprocess.Popen(
        command,
        cwd=str(settings.BASE_DIR),
        env=worker_environment(extra_env),
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        process_group=0,  # kill() reaches the pool processes too
    )
    worker = CeleryWorker(
        process=process,
        hostname=hostname,
        log_path=log_path,
        _log_file=log_file,
        broker_url=(extra_env or {}).get("CELERY_BROKER_URL"),
    )
    deadline = time.monotonic() + READY_TIMEOUT
    while not worker.ping():
        if process.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            raise RuntimeError(f"Celery worker {hostname} did not answer a ping. Its log:\n{worker.log()}")
    return worker
