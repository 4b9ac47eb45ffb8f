"""The real-worker harness (tests/celery_worker.py): it runs tasks from the configured broker and dies cleanly."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.db import connections

from extras.tasks import touch_file
from jobsplatform.env import database_from_url
from tests.celery_worker import worker_environment

WAIT = 30.0  # seconds; an upper bound for a task round trip, never an assertion on speed


def wait_for(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def live_group_members(pgid: int) -> list[int]:
    """Processes of a process group that are neither gone nor zombies, read from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state != "Z":
            members.append(int(stat.parent.name))
    return members


@pytest.mark.django_db
def test_worker_environment_points_at_the_test_database():
    """The worker must open the database pytest-django created, never the one `make run` uses."""
    env = worker_environment()
    configured = database_from_url(env["DATABASE_URL"])
    assert configured["NAME"] == connections["default"].settings_dict["NAME"]
    assert env["DJANGO_SETTINGS_MODULE"] == "tests.settings"


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_task_sent_through_the_configured_broker(celery_worker, tmp_path):
    target = tmp_path / "touched"

    touch_file.delay(str(target))

    assert wait_for(target.exists), f"the task never ran; worker log:\n{celery_worker.log()}"


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_killed_worker_leaves_no_pool_process_behind(start_celery_worker):
    worker = start_celery_worker(queues="harness-kill-test")
    assert len(live_group_members(worker.process.pid)) > 1, "expected the main process plus its pool"

    worker.kill()

    assert worker.process.returncode == -9
    assert wait_for(lambda: not live_group_members(worker.process.pid))
