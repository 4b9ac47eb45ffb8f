"""Issue 20, defect 1: a run embedded in another endpoint's answer passes the restriction of its own endpoint.

The attacker may view every job but only their own results (`{"user": "$user"}`); the victim's run of the
same job, with a secret among its inputs, a log line and an output, must not show through the job (API 1.2
class-path shape), the NetBox scripts API, the change log, a repository's last sync or a schedule's changes.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from dcim.models import Site
from extras.choices import JobResultStatusChoices as Status
from extras.models import GitRepository, Job, JobLogEntry, JobResult, ObjectChange, ScheduledJob
from tests.api_base import assert_status
from tests.extras.changes.helpers import record
from tests.factories.dcim import SiteFactory
from tests.factories.users import UserFactory, grant
from users.models import User

pytestmark = pytest.mark.django_db

SECRET = "victim-password-7d1f"
LOG_LINE = "victim log line 51c2"
OUTPUT = "victim output 9ab0"
LEGACY = {"HTTP_ACCEPT": "application/json; version=1.2"}


@pytest.fixture
def victim_run(fixture_jobs) -> JobResult:
    """Another user's finished run of a job whose inputs are stored (no sensitive variables)."""
    job = fixture_jobs["EveryVariableJob"]
    result = JobResult.objects.create(
        job_model=job,
        name=job.class_path,
        user=UserFactory(username="victim"),
        status=Status.STATUS_COMPLETED,
        task_id=uuid.uuid4(),
        commit=True,
        job_kwargs={"data": {"string_var": SECRET}, "commit": True, "task_queue": "default"},
        output=OUTPUT,
        completed=timezone.now(),
    )
    JobLogEntry.objects.create(
        job_result_id=result.pk, sequence=1, grouping="run", log_level="info", message=LOG_LINE
    )
    return result


@pytest.fixture
def attacker(token_client):
    """May view every job, the change log, schedules and repositories; results only their own."""
    user = UserFactory(username="attacker")
    grant(user, Job, ["view"])
    grant(user, JobResult, ["view"], constraints={"user": "$user"})
    grant(user, ObjectChange, ["view"])
    grant(user, ScheduledJob, ["view"])
    grant(user, GitRepository, ["view"])
    grant(user, Site, ["view"])
    return token_client(user)


def assert_hidden(response, result: JobResult, *also: str) -> None:
    """The run is nowhere in the answer: not its id, inputs, log or output (nor the `also` texts)."""
    assert_status(response, 200)
    text = json.dumps(response.json())
    for leaked in (str(result.pk), SECRET, LOG_LINE, OUTPUT, *also):
        assert leaked not in text, f"{leaked!r} leaked in {response.request['PATH_INFO']}: {text[:2000]}"


def test_the_result_itself_is_404(attacker, victim_run):
    assert attacker.get(f"/api/extras/job-results/{victim_run.pk}/").status_code == 404


def test_the_legacy_job_class_does_not_embed_another_users_run(attacker, victim_run):
    job = victim_run.job_model
    assert_hidden(attacker.get(f"/api/extras/jobs/{job.class_path}/", **LEGACY), victim_run, "victim")
    assert_hidden(attacker.get("/api/extras/jobs/", **LEGACY), victim_run, "victim")


def test_the_scripts_api_does_not_embed_another_users_run(attacker, victim_run):
    job = victim_run.job_model
    assert_hidden(attacker.get(f"/api/extras/scripts/{job.pk}/"), victim_run, "victim")
    assert_hidden(
        attacker.get(f"/api/extras/scripts/{job.module_name}.{job.job_class_name}/"), victim_run, "victim"
    )
    assert_hidden(attacker.get("/api/extras/scripts/"), victim_run, "victim")


def test_the_users_own_run_is_still_embedded(attacker, victim_run, fixture_jobs):
    """The restriction hides what it must, not everything: the attacker's own newer run shows."""
    job = victim_run.job_model
    mine = JobResult.objects.create(
        job_model=job,
        name=job.class_path,
        user=User.objects.get(username="attacker"),
        status=Status.STATUS_COMPLETED,
        task_id=uuid.uuid4(),
    )
    JobResult.objects.filter(pk=mine.pk).update(created=victim_run.created - timedelta(days=1))
    body = attacker.get(f"/api/extras/jobs/{job.class_path}/", **LEGACY).json()
    assert body["result"]["id"] == str(mine.pk)
    assert attacker.get(f"/api/extras/scripts/{job.pk}/").json()["result"]["id"] == str(mine.pk)


def test_a_change_log_entry_does_not_embed_a_run_the_user_may_not_view(attacker, victim_run):
    with record(victim_run.user, job_result=victim_run, source="job"):
        SiteFactory(name="Made by the victim's run")
    change = ObjectChange.objects.get(object_repr="Made by the victim's run")
    detail = attacker.get(f"/api/extras/object-changes/{change.pk}/")
    assert_hidden(detail, victim_run)  # the change log's own `user` is the change's, which it may show
    assert detail.json()["job_result"] is None
    assert_hidden(attacker.get("/api/extras/object-changes/"), victim_run)


def test_a_repository_does_not_embed_a_sync_the_user_may_not_view(attacker, victim_run):
    repository = GitRepository.objects.create(name="Repo", remote_url="https://example.com/repo.git")
    sync = JobResult.objects.create(
        name=repository.name,
        git_repository=repository,
        user=victim_run.user,
        status=Status.STATUS_COMPLETED,
        task_id=uuid.uuid4(),
    )
    GitRepository.objects.filter(pk=repository.pk).update(last_sync_result=sync)
    response = attacker.get(f"/api/extras/git-repositories/{repository.pk}/")
    assert_hidden(response, sync, "victim")
    assert response.json()["last_sync_result"] is None


def test_stored_inputs_are_never_served_once_the_job_is_flagged_sensitive(admin_api, client, victim_run):
    """Inputs stored before the job was flagged stay in the row (a re-run may not use them) but are shown
    nowhere: not in the result, the job's newest run, the scripts API, or the result page."""
    job = victim_run.job_model
    Job.objects.filter(pk=job.pk).update(has_sensitive_variables=True, has_sensitive_variables_override=True)
    for url, headers in (
        (f"/api/extras/job-results/{victim_run.pk}/", {}),
        ("/api/extras/job-results/", {}),
        (f"/api/extras/jobs/{job.class_path}/", LEGACY),
        (f"/api/extras/scripts/{job.pk}/", {}),
    ):
        response = admin_api.get(url, **headers)
        assert_status(response, 200)
        assert SECRET not in json.dumps(response.json()), url
    assert admin_api.get(f"/api/extras/job-results/{victim_run.pk}/").json()["job_kwargs"] is None
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    page = client.get(victim_run.get_absolute_url()).content.decode()
    assert SECRET not in page
    prefilled = client.get(
        f"{job.get_absolute_url()}?kwargs_from_job_result={victim_run.pk}"
    ).content.decode()
    assert SECRET not in prefilled


def test_a_schedules_stored_input_is_not_shown_once_its_job_is_flagged_sensitive(
    admin_api, client, fixture_jobs
):
    from tests.extras.schedules.helpers import schedule_of

    job = fixture_jobs["CreateManufacturerJob"]
    schedule = schedule_of(job, name="Nightly")
    ScheduledJob.objects.filter(pk=schedule.pk).update(
        kwargs={"data": {"manufacturer_name": SECRET}, "commit": True}
    )
    assert SECRET in json.dumps(admin_api.get(f"/api/extras/scheduled-jobs/{schedule.pk}/").json())
    Job.objects.filter(pk=job.pk).update(has_sensitive_variables=True, has_sensitive_variables_override=True)
    body = admin_api.get(f"/api/extras/scheduled-jobs/{schedule.pk}/").json()
    assert body["data"] == {} and SECRET not in json.dumps(body)
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    assert SECRET not in client.get(schedule.get_absolute_url()).content.decode()


def test_a_visible_run_links_only_to_runs_and_schedules_the_user_may_view(
    token_client, victim_run, fixture_jobs
):
    """The attacker's own run names the victim's dry run it reviewed, the victim's commit of the attacker's
    dry run, and a schedule: none of them shows for a user who may not view them."""
    from tests.extras.schedules.helpers import schedule_of

    user = UserFactory(username="attacker")
    grant(user, Job, ["view"])
    grant(user, JobResult, ["view"], constraints={"user": "$user"})
    job = victim_run.job_model
    schedule = schedule_of(fixture_jobs["CreateManufacturerJob"], name="Nightly")

    def run(owner, **fields) -> JobResult:
        return JobResult.objects.create(
            job_model=job, name=job.class_path, user=owner, task_id=uuid.uuid4(), **fields
        )

    victims_dry_run = run(victim_run.user, commit=False)
    mine = run(user, commit=False, reviewed_result=victims_dry_run, schedule=schedule)
    run(victim_run.user, commit=True, reviewed_result=mine)  # the victim committed my dry run
    body = token_client(user).get(f"/api/extras/job-results/{mine.pk}/").json()
    assert body["reviewed_result"] is None and body["commit_runs"] == [] and body["schedule"] is None
    assert_hidden(token_client(user).get(f"/api/extras/job-results/{mine.pk}/"), victims_dry_run)
