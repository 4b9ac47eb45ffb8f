"""Change logging and reviewed commits through a real Celery worker: a job run by a worker attributes its
changes to the run's user and result; a dry run leaves no change log and a change set that the commit
then records exactly; a commit whose world drifted is refused; an approval as reviewed runs bound to it."""

from __future__ import annotations

import pytest

from dcim.models import DeviceType, Manufacturer, Site
from extras.changes.comparison import Entry, compare_change_sets
from extras.choices import JobResultStatusChoices as Status
from extras.models import DryRunChange, Job, JobLogEntry, JobResult, ObjectChange, ScheduledJob
from tests.api_base import assert_status
from tests.factories.dcim import ManufacturerFactory, SiteFactory, status
from tests.factories.users import UserFactory, grant
from tests.runs import wait_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


def messages(result_id) -> list[str]:
    return list(
        JobLogEntry.objects.filter(job_result_id=result_id)
        .order_by("sequence")
        .values_list("message", flat=True)
    )


@pytest.fixture
def operator(db):
    user = UserFactory(username="operator")
    grant(user, Job, ["view", "run"])
    grant(user, JobResult, ["view"])
    grant(user, ObjectChange, ["view"])  # to review a change set (issue 20, defect 3)
    grant(user, Site, ["view"])
    grant(user, Manufacturer, ["view"])
    grant(user, DeviceType, ["view"])
    return user


@pytest.fixture
def world(db):
    return {
        "site": SiteFactory(name="Berlin", description="old", facility=""),
        "retired": ManufacturerFactory(name="Initech", slug="initech"),
    }


def reshape(world) -> dict:
    return {
        "site": str(world["site"].pk),
        "description": "new",
        "new_manufacturer": "Acme",
        "retire": "initech",
        "post_run_note": "",
    }


def run_through_api(client, job, data, commit: bool) -> JobResult:
    response = client.post(f"/api/extras/jobs/{job.pk}/run/", {"data": data, "commit": commit}, format="json")
    assert_status(response, 201)
    return wait_terminal(response.json()["job_result"]["id"])


def test_a_job_run_by_a_worker_records_its_changes_under_the_runs_user_and_result(
    celery_worker, fixture_jobs, world, operator, token_client
):
    result = run_through_api(
        token_client(operator), fixture_jobs["ReshapeInventoryJob"], reshape(world), commit=True
    )

    assert result.status == Status.STATUS_COMPLETED, messages(result.pk)
    rows = list(ObjectChange.objects.order_by("time"))
    assert [(row.object_type_label, row.action) for row in rows] == [
        ("dcim.site", "update"),
        ("dcim.manufacturer", "create"),
        ("dcim.devicetype", "create"),
        ("dcim.manufacturer", "delete"),
    ]
    assert {(row.user, row.user_name, row.request_id, row.job_result_id) for row in rows} == {
        (operator, "operator", result.pk, result.pk)
    }
    assert rows[0].prechange_data["description"] == "old" and rows[0].postchange_data["description"] == "new"
    assert result.change_count == 4


def test_review_then_commit_exactly_that_on_a_worker(
    celery_worker, fixture_jobs, world, operator, token_client
):
    client = token_client(operator)
    dry = run_through_api(client, fixture_jobs["ReshapeInventoryJob"], reshape(world), commit=False)
    assert dry.status == Status.STATUS_COMPLETED, messages(dry.pk)
    assert ObjectChange.objects.count() == 0 and dry.change_count == 4
    assert Site.objects.get(pk=world["site"].pk).description == "old"
    would = client.get(f"/api/extras/job-results/{dry.pk}/changes/").json()
    assert [item["action"]["value"] for item in would["results"]] == ["update", "create", "create", "delete"]

    response = client.post(f"/api/extras/job-results/{dry.pk}/commit/")
    assert_status(response, 201)
    committed = wait_terminal(response.json()["job_result"]["id"])

    assert committed.status == Status.STATUS_COMPLETED, messages(committed.pk)
    assert committed.reviewed_result_id == dry.pk
    stored = [Entry.of(row) for row in DryRunChange.objects.filter(job_result=dry).order_by("sequence")]
    logged = [Entry.of(row) for row in ObjectChange.objects.filter(job_result=committed).order_by("time")]
    assert compare_change_sets(stored, logged, {str(dry.pk): str(committed.pk)}) == []
    assert (
        Manufacturer.objects.filter(slug="acme").exists()
        and not Manufacturer.objects.filter(slug="initech").exists()
    )
    detail = client.get(f"/api/extras/job-results/{dry.pk}/").json()
    assert [run["id"] for run in detail["commit_runs"]] == [str(committed.pk)]


def test_a_commit_whose_world_drifted_is_refused_on_a_worker(
    celery_worker, fixture_jobs, world, operator, token_client
):
    client = token_client(operator)
    dry = run_through_api(client, fixture_jobs["ReshapeInventoryJob"], reshape(world), commit=False)
    assert dry.status == Status.STATUS_COMPLETED, messages(dry.pk)
    site = Site.objects.get(pk=world["site"].pk)
    site.description = "edited meanwhile"
    site.save()

    response = client.post(f"/api/extras/job-results/{dry.pk}/commit/")
    assert_status(response, 201)
    committed = wait_terminal(response.json()["job_result"]["id"])

    assert committed.status == Status.STATUS_FAILED
    lines = messages(committed.pk)
    assert (
        'dcim.site "Berlin" (update): description before the change: expected "old", got "edited meanwhile".'
        in lines
    )
    assert not ObjectChange.objects.exists()
    assert not Manufacturer.objects.filter(slug="acme").exists()


def test_an_approval_as_reviewed_runs_bound_to_the_dry_run(
    celery_worker, fixture_jobs, operator, token_client
):
    status("active")
    approver = UserFactory(username="approver")
    grant(approver, Job, ["view", "run", "approve"])
    grant(approver, ScheduledJob, ["view", "change"])
    grant(approver, JobResult, ["view"])
    grant(approver, ObjectChange, ["view"])  # a change set is change-log content (issue 20, defect 3)
    grant(approver, Site, ["view"])
    job = fixture_jobs["ApprovedSiteJob"]
    requested = token_client(operator).post(
        f"/api/extras/jobs/{job.pk}/run/", {"data": {"site_name": "Branch 9"}, "commit": True}, format="json"
    )
    assert_status(requested, 201)
    schedule_url = f"/api/extras/scheduled-jobs/{requested.json()['schedule']['id']}/"
    client = token_client(approver)
    dry_response = client.post(f"{schedule_url}dry-run/")
    assert_status(dry_response, 200)
    dry = wait_terminal(dry_response.json()["id"])
    assert dry.change_count == 1 and not Site.objects.filter(name="Branch 9").exists(), messages(dry.pk)
    assert client.get(f"{schedule_url}changes/").json()["results"][0]["object_repr"] == "Branch 9"

    approved = client.post(f"{schedule_url}approve/", {"reviewed_result": str(dry.pk)}, format="json")
    assert_status(approved, 200)
    run = JobResult.objects.get(schedule_id=requested.json()["schedule"]["id"], scheduled_for__isnull=False)
    run = wait_terminal(run.pk)

    assert run.status == Status.STATUS_COMPLETED and run.reviewed_result_id == dry.pk, messages(run.pk)
    created = ObjectChange.objects.get(job_result=run)
    assert created.object_repr == "Branch 9" and created.user == operator  # the run is the requester's
