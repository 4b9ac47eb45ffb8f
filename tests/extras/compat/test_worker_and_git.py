"""The dialect files on a real Celery worker, and installed from a real Git repository, without an edit.

Runs are requested over the REST API (the jobs API's class-path and module.Class routes, and NetBox's
scripts API) and run by the session's worker subprocess; the Git repository holds the very files of
tests/fixture_jobs, synced on the worker and then run there and with runscript.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from dcim.models import Device, Site
from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobResult
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape
from tests.extras.compat.conftest import branch_input
from tests.extras.git.helpers import RemoteRepository, log_messages
from tests.factories import dcim as f
from tests.factories.extras import FIXTURE_JOBS_ROOT
from tests.runs import poll_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

DIALECT_FILES = ("nautobot_branch.py", "netbox_branch.py", "netbox_reports.py")


@pytest.fixture
def admin_client(superuser, token_client):
    return token_client(superuser)


def finished(client, url: str) -> JobResult:
    body = poll_terminal(client, url)
    result = JobResult.objects.get(pk=body["id"])
    assert body["status"]["value"] == Status.STATUS_COMPLETED, log_messages(result)
    return result


# --- a worker -------------------------------------------------------------------------------------


def test_a_nautobot_job_runs_on_the_worker_from_its_module_dot_class_url(
    celery_worker, fixture_jobs, inventory, admin_client
):
    response = admin_client.post(
        "/api/extras/jobs/nautobot_branch.NewBranch/run/",
        {"data": branch_input(inventory, "Worker branch"), "commit": True},
        format="json",
    )
    assert_status(response, 201)

    result = finished(admin_client, response.json()["job_result"]["url"])
    assert result.worker.startswith(celery_worker.hostname.split("@")[0]) or result.worker
    assert Device.objects.filter(site__slug="worker-branch", status="planned").count() == 2


def test_a_netbox_script_runs_on_the_worker_from_the_scripts_api(
    celery_worker, fixture_jobs, inventory, admin_client
):
    response = admin_client.post(
        "/api/extras/scripts/netbox_branch.NewBranchScript/",
        {"data": branch_input(inventory, "Script branch", 1), "commit": True},
        format="json",
    )
    assert_status(response, 200)

    result = finished(admin_client, response.json()["result"]["url"])
    assert "Created new site: Script branch" in log_messages(result)
    assert Site.objects.get(slug="script-branch").status == "planned"


def test_a_netbox_report_runs_on_the_worker_read_only(celery_worker, fixture_jobs, inventory, admin_client):
    f.ConsolePortFactory(device=f.DeviceFactory(name="edge-1"), name="con0")
    response = admin_client.post(
        "/api/extras/jobs/local/netbox_reports/DeviceConnectionsCheck/run/", {}, format="json"
    )
    assert_status(response, 200)

    body = poll_terminal(admin_client, response.json()["result"]["url"])
    assert body["status"]["value"] == Status.STATUS_FAILED
    assert "No console connection defined for con0" in log_messages(JobResult(pk=body["id"]))


# --- a Git repository -------------------------------------------------------------------------------


@pytest.fixture
def repository(celery_worker, settings, tmp_path, admin_client, inventory):
    """The dialect files pushed to a real repository, added over the API and synced on the worker."""
    settings.GIT_ROOT = tmp_path / "web"  # the test process plays another machine than the worker
    remote = RemoteRepository(tmp_path / "remote")
    files = {f"jobs/{name}": (Path(FIXTURE_JOBS_ROOT) / name).read_text() for name in DIALECT_FILES}
    commit = remote.push({"jobs/__init__.py": "", **files}, "Jobs from Nautobot and NetBox, as they are")
    response = admin_client.post(
        "/api/extras/git-repositories/", {"name": "Branch jobs", "remote_url": remote.url}, format="json"
    )
    assert_status(response, 201)
    sync = poll_terminal(admin_client, response.json()["last_sync_result"]["url"])
    assert sync["status"]["value"] == Status.STATUS_COMPLETED, log_messages(JobResult(pk=sync["id"]))
    Job.objects.filter(source_name="git.branch-jobs").update(enabled=True)
    return commit


def test_the_dialect_files_sync_from_git_without_an_edit(repository):
    found = set(
        Job.objects.filter(source_name="git.branch-jobs", installed=True).values_list("class_path", flat=True)
    )
    assert found == {
        "git.branch-jobs/nautobot_branch/NewBranch",
        "git.branch-jobs/nautobot_branch/DeviceConnectionsReport",
        "git.branch-jobs/nautobot_branch/ReserveAddress",
        "git.branch-jobs/netbox_branch/NewBranchScript",
        "git.branch-jobs/netbox_branch/PlanAddressing",
        "git.branch-jobs/netbox_branch/DecommissionSite",
        "git.branch-jobs/netbox_reports/DeviceConnectionsCheck",
    }


def test_a_nautobot_job_from_git_runs_on_the_worker(repository, admin_client, inventory):
    response = admin_client.post(
        "/api/extras/jobs/git.branch-jobs/nautobot_branch/NewBranch/run/",
        {"data": branch_input(inventory, "Git branch"), "commit": True},
        format="json",
    )
    assert_status(response, 200)

    result = finished(admin_client, response.json()["result"]["url"])
    assert result.source_commit == repository
    assert Device.objects.filter(site__slug="git-branch").count() == 2


def test_a_netbox_script_from_git_runs_on_the_worker_by_its_uuid(
    repository, fixture_jobs, admin_client, inventory
):
    job = Job.objects.get(class_path="git.branch-jobs/netbox_branch/NewBranchScript")
    ambiguous = admin_client.get("/api/extras/scripts/netbox_branch.NewBranchScript/")  # local and Git
    assert "use the class path or the UUID" in assert_error_shape(ambiguous, 400, [])["detail"]

    response = admin_client.post(
        f"/api/extras/scripts/{job.pk}/",
        {"data": branch_input(inventory, "Git script", 1), "commit": True},
        format="json",
    )
    assert_status(response, 200)

    result = finished(admin_client, response.json()["result"]["url"])
    assert result.source_commit == repository
    assert Site.objects.get(slug="git-script").status == "planned"


def test_runscript_runs_a_report_from_git(repository, inventory):
    job = Job.objects.get(class_path="git.branch-jobs/netbox_reports/DeviceConnectionsCheck")
    out = StringIO()

    call_command("runscript", "--loglevel", "debug", str(job.pk), stdout=out)

    assert f"Running the code of commit {repository}." in out.getvalue()
    assert "git.branch-jobs/netbox_reports/DeviceConnectionsCheck: COMPLETED" in out.getvalue()


def test_runjob_runs_a_nautobot_job_from_git_on_the_worker(repository, inventory, superuser):
    data = json.dumps({"address": "192.0.2.77/32", "purpose": "git"})
    out = StringIO()

    call_command(
        "runjob",
        "--username",
        superuser.username,
        "--commit",
        "--data",
        data,
        "git.branch-jobs/nautobot_branch/ReserveAddress",
        stdout=out,
    )

    assert "git.branch-jobs/nautobot_branch/ReserveAddress: COMPLETED" in out.getvalue()
