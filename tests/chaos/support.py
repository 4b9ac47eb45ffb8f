"""What the chaos tests share: waiting for runs, a Redis server of their own, restarting the database."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction

from extras.choices import JobResultStatusChoices as Status
from extras.engine.services import submit_job
from extras.models import JobLogEntry, JobResult, RunHeartbeat


def wait_for(predicate, timeout: float, interval: float = 0.05, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {message}")


def submit(job, data=None, commit=False) -> JobResult:
    with transaction.atomic():
        return submit_job(job, data=data or {}, commit=commit, source="cli").job_result


def status_of(result: JobResult) -> str:
    return JobResult.objects.filter(pk=result.pk).values_list("status", flat=True).first()


def wait_running(result: JobResult, timeout: float = 30) -> None:
    wait_for(lambda: status_of(result) == Status.STATUS_RUNNING, timeout, message=f"{result.pk} running")


def wait_terminal(result: JobResult, timeout: float) -> JobResult:
    def ended():
        return JobResult.objects.filter(pk=result.pk, status__in=Status.TERMINAL).first()

    try:
        return wait_for(ended, timeout, interval=0.1, message=f"result {result.pk} to end")
    except AssertionError as error:
        current = JobResult.objects.filter(pk=result.pk).values("status", "worker", "started").first()
        raise AssertionError(f"{error}; it is {current}; its log: {messages(result)}") from None


def messages(result: JobResult) -> list[str]:
    return list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values_list("message", flat=True)
    )


def pool_process_of(result: JobResult) -> int:
    """The pid of the pool process running `result` (its heartbeat names `host:pid`)."""
    heartbeat = wait_for(
        lambda: RunHeartbeat.objects.filter(job_result_id=result.pk, worker__contains=":").first(),
        30,
        message="the run's heartbeat",
    )
    return int(heartbeat.worker.rsplit(":", 1)[1])


def route(job, queue: str, **fields):
    """Send `job`'s runs to `queue` (a worker of the test's own), with other record fields if given."""
    type(job).objects.filter(pk=job.pk).update(task_queues=[queue], task_queues_override=True, **fields)
    job.refresh_from_db()
    return job


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RedisServer:
    """A Redis of the test's own on a free port, without persistence (a restart forgets every queue)."""

    folder: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        command = [redis_server(), "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        command += ["--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.answers, 10, message=f"redis on port {self.port}")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def redis_server() -> str:
    path = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.path.exists(path):
        raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
    return path


def restart_database() -> None:
    """Restart the PostgreSQL server the suite uses: the embedded one, or the command CI names for its own."""
    server = settings.EMBEDDED_DATABASE
    if server is not None:
        server.stop()
        server.start()
    else:
        command = os.environ.get("CHAOS_DATABASE_RESTART")
        if not command:
            raise RuntimeError(
                "Set CHAOS_DATABASE_RESTART to the command that restarts the external PostgreSQL"
            )
        subprocess.run(command, shell=True, check=True, timeout=60)
    for connection in connections.all(initialized_only=True):
        connection.close()
