"""Git sources end to end on a real Celery worker: seed 002 over the API, new commits, a stale worker clone.

The test process plays the web machine with a GIT_ROOT of its own; the worker keeps the GIT_ROOT it was
started with, so each clones on its own, as on two machines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from extras.choices import JobResultStatusChoices as Status
from extras.engine.runner import REVERTED
from extras.git.client import current_commit
from extras.models import GitRepository, Job, JobResult
from tests.api_base import assert_status
from tests.extras.git.helpers import SEED_DATA, SEED_FILES, RemoteRepository, log_messages, version_job
from tests.runs import poll_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


@pytest.fixture
def machines(celery_worker, settings, tmp_path) -> tuple[Path, Path]:
    """(web GIT_ROOT, worker GIT_ROOT); the worker is started before the web's GIT_ROOT is changed."""
    worker_root = Path(settings.GIT_ROOT)
    settings.GIT_ROOT = tmp_path / "web"
    return settings.GIT_ROOT, worker_root


@pytest.fixture
def admin_client(superuser, token_client):
    return token_client(superuser)


@pytest.fixture
def remote(tmp_path):
    return RemoteRepository(tmp_path / "remote")


def create_and_sync(client, name: str, remote) -> dict:
    response = client.post(
        "/api/extras/git-repositories/", {"name": name, "remote_url": remote.url}, format="json"
    )
    assert_status(response, 201)
    result = poll_terminal(client, response.json()["last_sync_result"]["url"])
    assert result["status"]["value"] == Status.STATUS_COMPLETED, log_messages(JobResult(pk=result["id"]))
    return client.get(response.json()["url"]).json()


def enable(client, class_path: str) -> None:
    job = Job.objects.get(class_path=class_path)
    assert_status(client.patch(f"/api/extras/jobs/{job.pk}/", {"enabled": True}, format="json"), 200)


def run_on_worker(client, class_path: str, data=None) -> JobResult:
    response = client.post(
        f"/api/extras/jobs/{class_path}/run/", {"data": data or {}, "commit": False}, format="json"
    )
    assert_status(response, 200)
    body = poll_terminal(client, response.json()["result"]["url"])
    return JobResult.objects.get(pk=body["id"])


def test_seed_002_repository_synced_on_create_and_run_through_the_class_path(machines, remote, admin_client):
    commit = remote.push(SEED_FILES)
    repository = create_and_sync(admin_client, "Meraki Users", remote)
    assert repository["slug"] == "meraki-users" and repository["current_head"] == commit
    assert repository["sync_status"]["value"] == Status.STATUS_COMPLETED
    class_path = "git.meraki-users/meraki_users/CreateUsers"
    enable(admin_client, class_path)

    response = admin_client.post(
        f"/api/extras/jobs/{class_path}/run/", {"data": SEED_DATA, "commit": False}, format="json"
    )
    assert_status(response, 200)
    body = response.json()
    assert body["id"] == class_path and body["name"] == "Create Meraki User"
    assert body["vars"] == {
        "user_email": "StringVar",
        "user_name": "StringVar",
        "meraki_org_id": "ChoiceVar",
        "meraki_network": "StringVar",
        "meraki_access_level": "ChoiceVar",
    }
    assert body["result"]["status"]["value"] == Status.STATUS_PENDING
    finished = poll_terminal(admin_client, body["result"]["url"])
    assert finished["status"]["value"] == Status.STATUS_COMPLETED
    messages = [line["message"] for line in admin_client.get(finished["url"] + "logs/").json()]
    assert messages[-1] == REVERTED == "Database changes have been reverted automatically."
    assert "Commit set to False" in messages
    assert JobResult.objects.get(pk=finished["id"]).source_commit == commit

    bad = admin_client.post(
        f"/api/extras/jobs/{class_path}/run/", {"data": {**SEED_DATA, "user_email": "nope"}}, format="json"
    )
    assert_status(bad, 400)
    assert "user_email" in bad.json()["errors"]


def test_a_new_commit_synced_through_the_api_is_what_the_next_worker_run_executes(
    machines, remote, admin_client
):
    remote.push({"jobs/__init__.py": "", "jobs/versions.py": version_job("one")})
    repository = create_and_sync(admin_client, "Versions", remote)
    class_path = "git.versions/versions/Version"
    enable(admin_client, class_path)
    assert run_on_worker(admin_client, class_path).output == "\none"

    second = remote.push({"jobs/versions.py": version_job("two")})
    response = admin_client.post(repository["url"] + "sync/")
    assert_status(response, 200)
    assert (
        poll_terminal(admin_client, response.json()["job_result"]["url"])["status"]["value"]
        == Status.STATUS_COMPLETED
    )
    assert GitRepository.objects.get(slug="versions").current_head == second
    result = run_on_worker(admin_client, class_path)
    assert (result.output, result.source_commit, result.status) == ("\ntwo", second, Status.STATUS_COMPLETED)


def test_a_worker_whose_clone_is_behind_catches_up_before_running(machines, remote, admin_client):
    web_root, worker_root = machines
    first = remote.push({"jobs/__init__.py": "", "jobs/versions.py": version_job("one")})
    GitRepository.objects.create(name="Stale", slug="stale-clone", remote_url=remote.url)
    call_command("syncrepo", "stale-clone", "--local", stdout=open("/dev/null", "w"))  # noqa: SIM115
    class_path = "git.stale-clone/versions/Version"
    enable(admin_client, class_path)
    assert run_on_worker(admin_client, class_path).source_commit == first
    assert current_commit(worker_root / "stale-clone") == first

    # The web machine syncs the next commit itself; the worker's clone stays behind until it runs.
    second = remote.push({"jobs/versions.py": version_job("two")})
    call_command("syncrepo", "stale-clone", "--local", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert current_commit(web_root / "stale-clone") == second
    assert current_commit(worker_root / "stale-clone") == first
    result = run_on_worker(admin_client, class_path)
    assert (result.output, result.source_commit) == ("\ntwo", second)
    assert current_commit(worker_root / "stale-clone") == second
