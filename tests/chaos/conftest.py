"""Fixtures of the chaos suite: real processes broken for real (killed, stopped, restarted).

Every test asserts that each run ends in the right terminal status with a line naming the cause, and
that nothing is lost or run twice. How long each recovery took is written to
var/test/artifacts/chaos.json (figures for the record, never assertions on speed).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.chaos.support import RedisServer, free_port
from tests.extras.conftest import celery_worker, fixture_jobs, fixture_jobs_root  # noqa: F401 - fixtures

pytestmark = [pytest.mark.chaos]

REPORT = Path(settings.BASE_DIR) / "var" / "test" / "artifacts" / "chaos.json"


@pytest.fixture(scope="session")
def chaos_report():
    """A dict the tests fill with measured recovery times (seconds); written out when the session ends."""
    figures: dict[str, float] = {}
    yield figures
    if figures:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        configuration = "embedded PostgreSQL" if settings.EMBEDDED_DATABASE is not None else "DATABASE_URL"
        report = {
            "database": configuration,
            "broker": settings.CELERY_BROKER_URL.split("://")[0],
            "seconds": {name: round(value, 2) for name, value in sorted(figures.items())},
        }
        REPORT.write_text(json.dumps(report, indent=2) + "\n")


@pytest.fixture
def redis(tmp_path):
    """A Redis server of the test's own (a broker it may stop and restart without touching anyone else's)."""
    if shutil.which("redis-server") is None and not os.path.exists("/usr/bin/redis-server"):
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: CI must install it (apt-get install -y redis-server)")
        pytest.skip("redis-server is not installed; broker chaos tests skipped")
    server = RedisServer(folder=tmp_path, port=free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def restartable_database():
    """The database may be restarted by the test: the embedded server, or one CHAOS_DATABASE_RESTART restarts."""
    if settings.EMBEDDED_DATABASE is None and not os.environ.get("CHAOS_DATABASE_RESTART"):
        if os.environ.get("CI"):
            pytest.fail(
                "CHAOS_DATABASE_RESTART must name the command that restarts the PostgreSQL at DATABASE_URL"
            )
        pytest.skip("set CHAOS_DATABASE_RESTART to restart the PostgreSQL at DATABASE_URL")
