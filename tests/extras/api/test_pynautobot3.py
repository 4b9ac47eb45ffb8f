"""The current Nautobot client, pynautobot 3.x, against the app on a live port with a real worker (issue 22).

It speaks Nautobot's 2.x/3.x REST dialect. It cannot share an environment with pynautobot 1.5 (see
test_pynautobot.py), so `make install` puts it in var/clients/pynautobot3 and the flow in
tests/clients/pynautobot3_flow.py runs in a subprocess with that folder first on its path, unchanged: list
jobs, get one, run it with data, poll the result, read its logs, run_and_wait().
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from dcim.models import Manufacturer
from tests.factories.users import token_for
from tests.web_server import web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

CLIENT_DIR = Path(settings.BASE_DIR) / "var" / "clients" / "pynautobot3"
FLOW = Path(__file__).resolve().parents[2] / "clients" / "pynautobot3_flow.py"


def run_flow(base_url: str, token: str, api_version: str) -> dict:
    if not (CLIENT_DIR / "pynautobot").is_dir():
        pytest.fail(f"pynautobot 3.x is not installed in {CLIENT_DIR}: run `make install`.")
    env = {**os.environ, "PYTHONPATH": str(CLIENT_DIR)}
    done = subprocess.run(
        [sys.executable, str(FLOW), base_url, token, api_version],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def vendor_job(celery_worker, fixture_jobs):
    Manufacturer.objects.create(name="Acme", slug="acme")
    job = fixture_jobs["CheckVendors"]
    job.enabled = True
    job.save()
    return job


@pytest.mark.parametrize(
    ("server_default", "client_version"),
    [(None, "2.4"), ("2.4", ""), ("3.1", "3.1")],
    ids=["client-asks-2.4", "server-default-2.4", "3.1"],
)
def test_pynautobot3_lists_runs_polls_reads_logs_and_waits(
    vendor_job, superuser, tmp_path, server_default, client_version
):
    extra_env = {"JOBS_API_DEFAULT_VERSION": server_default} if server_default else None
    with web_server(tmp_path, extra_env=extra_env) as base_url:
        seen = run_flow(base_url, token_for(superuser), client_version)

    assert seen["client"].startswith("3.")
    assert seen["api_version"] == (client_version or server_default)
    assert seen["status"]["python-version"]
    assert "Check vendors" in seen["job_names"]
    assert seen["job"] == {"id": str(vendor_job.pk), "name": "Check vendors", "supports_dryrun": False}
    assert seen["job_by_id"] == "Check vendors"

    assert seen["answer_keys"] == ["job_result", "scheduled_job"]
    assert seen["answer_status"] in ("PENDING", "STARTED", "SUCCESS")
    result = seen["result"]
    assert result["status"] == "SUCCESS"
    assert result["result"] == 1  # what run() returned (an int), as Nautobot 2.x keeps it
    assert result["task_name"] == "nautobot2_inventory.CheckVendors"
    assert result["date_done"] and result["job_model"] == str(vendor_job.pk)
    assert "on_success: 1" in seen["log_messages"]
    assert "info" in seen["log_levels"]
    assert seen["info_messages"] and all(message for message in seen["info_messages"])

    assert seen["waited"]["status"] == "FAILURE"
    assert seen["waited"]["failures"] == ["Vendor Nowhere is missing"]
