"""A Git repository's requirements.txt on a real worker: installed from the package index by the sync and
by every machine that imports the jobs, pinned versions logged, a failed install fails the sync (issue 22).

The test process plays the web machine with a GIT_ROOT and JOB_PACKAGES_ROOT of its own; the worker keeps
those it was started with, so each installs on its own, as on two machines.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader, use_package_dir
from extras.models import GitRepository, JobResult
from tests.api_base import assert_status
from tests.extras.git.helpers import RemoteRepository, log_messages, version_job
from tests.extras.git.test_worker import create_and_sync, enable, run_on_worker
from tests.runs import poll_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

PARSER_JOB = """import idna
import xmltodict

from extras.jobs import Job


class Parse(Job):
    class Meta:
        has_sensitive_variables = False

    def run(self, data, commit):
        parsed = xmltodict.parse("<device><name>sw1</name></device>")
        return f"{parsed['device']['name']} {xmltodict.__version__} {xmltodict.__file__} {idna.__version__}"
"""


@pytest.fixture
def machines(celery_worker, settings, tmp_path):
    """(web JOB_PACKAGES_ROOT, worker JOB_PACKAGES_ROOT); the worker keeps the folders it was started with."""
    worker_packages = Path(settings.JOB_PACKAGES_ROOT)
    settings.GIT_ROOT = tmp_path / "web-git"
    settings.JOB_PACKAGES_ROOT = tmp_path / "web-packages"
    yield settings.JOB_PACKAGES_ROOT, worker_packages
    for repository in GitRepository.objects.all():
        use_package_dir(repository.source_name, None)


@pytest.fixture
def admin_client(superuser, token_client):
    return token_client(superuser)


@pytest.fixture
def remote(tmp_path):
    return RemoteRepository(tmp_path / "remote")


def test_requirements_are_installed_by_the_sync_logged_pinned_and_imported_by_the_jobs_on_the_worker(
    machines, remote, admin_client
):
    web_packages, worker_packages = machines
    commit = remote.push(
        {
            "requirements.txt": "xmltodict==0.13.0\nidna==3.6\n",
            "jobs/__init__.py": "",
            "jobs/parser.py": PARSER_JOB,
        }
    )
    create_and_sync(admin_client, "Parsers", remote)
    repository = GitRepository.objects.get(slug="parsers")
    assert repository.current_head == commit
    messages = log_messages(repository.last_sync_result)
    assert "Installed: `idna==3.6`, `xmltodict==0.13.0`." in messages
    assert repository.last_sync_result.data == {"requirements": ["idna==3.6", "xmltodict==0.13.0"]}
    class_path = "git.parsers/parser/Parse"
    enable(admin_client, class_path)

    result = run_on_worker(admin_client, class_path)
    assert result.status == Status.STATUS_COMPLETED, log_messages(result)
    name, version, path, idna_version = result.output.split()
    assert (name, version) == ("sw1", "0.13.0")
    key = f"git_{repository.pk.hex}"
    assert Path(path).parent.parent == worker_packages / key  # the worker's own folder of this repository
    # idna 3.6 was installed for the repository, but the platform's own idna is what its jobs import.
    assert idna_version == importlib.metadata.version("idna") != "3.6"
    # The web machine installed them too when it read the job's form for the run.
    [web_folder] = (web_packages / key).iterdir()
    assert (web_folder / "xmltodict.py").is_file()

    # An unchanged requirements.txt is not installed again.
    remote.push({"README.md": "parsers\n"})
    response = admin_client.post(f"/api/extras/git-repositories/{repository.pk}/sync/")
    assert_status(response, 200)
    assert poll_terminal(admin_client, response.json()["job_result"]["url"])["status"]["value"] == (
        Status.STATUS_COMPLETED
    )
    messages = log_messages(JobResult.objects.get(pk=response.json()["job_result"]["id"]))
    assert "Already installed on this machine: `idna==3.6`, `xmltodict==0.13.0`." in messages


def test_a_requirement_that_cannot_be_installed_fails_the_sync_with_pips_message_and_keeps_the_commit(
    machines, remote, admin_client
):
    first = remote.push({"jobs/__init__.py": "", "jobs/versions.py": version_job("one")})
    create_and_sync(admin_client, "Pinned", remote)
    class_path = "git.pinned/versions/Version"
    enable(admin_client, class_path)

    remote.push(
        {
            "requirements.txt": "jobsplatform-no-such-package-7f3a==1.0\n",
            "jobs/versions.py": version_job("two"),
        }
    )
    repository = GitRepository.objects.get(slug="pinned")
    response = admin_client.post(f"/api/extras/git-repositories/{repository.pk}/sync/")
    assert_status(response, 200)
    finished = poll_terminal(admin_client, response.json()["job_result"]["url"])
    assert finished["status"]["value"] == Status.STATUS_FAILED
    failure = next(line for line in log_messages(JobResult(pk=finished["id"])) if "Could not install" in line)
    assert f"The recorded commit was not changed; the jobs of commit {first[:12]} stay in use." in failure
    assert "No matching distribution found for jobsplatform-no-such-package-7f3a" in failure
    assert GitRepository.objects.get(pk=repository.pk).current_head == first

    result = run_on_worker(admin_client, class_path)
    assert (result.output, result.source_commit, result.status) == ("\none", first, Status.STATUS_COMPLETED)


def test_a_machine_that_cannot_install_the_requirements_does_not_load_the_jobs_and_says_why(
    machines, remote, admin_client, monkeypatch
):
    remote.push(
        {"requirements.txt": "xmltodict==0.13.0\n", "jobs/__init__.py": "", "jobs/parser.py": PARSER_JOB}
    )
    create_and_sync(admin_client, "Offline", remote)  # on the worker, which reaches the index
    monkeypatch.setenv("PIP_NO_INDEX", "1")  # this (web) machine does not

    resolution = loader.resolve("git.offline/parser/Parse")

    assert resolution.job_class is None
    assert "Could not install the requirements.txt of commit" in resolution.error
    assert "No matching distribution found for xmltodict==0.13.0" in resolution.error
