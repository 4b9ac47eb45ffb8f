"""A run's changes through the runner: logged when committed (run's user, the result's id as request id),
captured and stored when dry, and a reviewed commit that reproduces the dry run exactly or commits nothing."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from dcim.models import DeviceType, Manufacturer, Site
from extras.changes.comparison import Entry, compare_change_sets
from extras.changes.review import commit_reviewed_run
from extras.choices import JobResultStatusChoices as Status
from extras.engine.runner import REVERTED, REVERTED_UNREVIEWED, run_job_result
from extras.engine.services import RunRequest, submit_job
from extras.models import DryRunChange, Job, JobLogEntry, JobResult, ObjectChange
from tests.factories.dcim import ManufacturerFactory, SiteFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db(transaction=True)


def run(job, data, *, commit, user) -> JobResult:
    submission = submit_job(
        RunRequest(job=job, user=user, data=data, commit=commit, source="cli", enqueue=False)
    )
    return run_submission(submission)


def run_submission(submission) -> JobResult:
    run_job_result(submission.job_result.pk, data=submission.data, files=submission.files)
    submission.job_result.refresh_from_db()
    return submission.job_result


def messages(result) -> list[str]:
    return list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values_list("message", flat=True)
    )


@pytest.fixture
def world(db):
    user = UserFactory(username="dana")
    grant(user, Job, ["view", "run"])
    grant(user, Site, ["view"])  # an object input is found among the objects the requester may view
    return {
        "site": SiteFactory(name="Berlin", description="old", facility=""),
        "retired": ManufacturerFactory(name="Initech", slug="initech"),
        "user": user,
    }


def reshape_input(world, **overrides) -> dict:
    return {
        "site": str(world["site"].pk),
        "description": "new",
        "new_manufacturer": "Acme",
        "retire": "initech",
        "post_run_note": "",
    } | overrides


def test_a_committed_run_logs_each_change_with_the_runs_user_and_its_result_as_request(fixture_jobs, world):
    job = fixture_jobs["ReshapeInventoryJob"]
    result = run(job, reshape_input(world), commit=True, user=world["user"])

    assert result.status == Status.STATUS_COMPLETED, messages(result)
    rows = list(ObjectChange.objects.filter(job_result=result).order_by("time"))
    assert [(row.object_type_label, row.action) for row in rows] == [
        ("dcim.site", "update"),
        ("dcim.manufacturer", "create"),
        ("dcim.devicetype", "create"),
        ("dcim.manufacturer", "delete"),
    ]
    assert {row.user for row in rows} == {world["user"]} and {row.user_name for row in rows} == {"dana"}
    assert {row.request_id for row in rows} == {result.pk}
    assert {(row.change_context, row.change_context_detail) for row in rows} == {("job", job.slug)}
    assert rows[0].prechange_data["description"] == "old" and rows[0].postchange_data["description"] == "new"
    acme = Manufacturer.objects.get(slug="acme")
    assert rows[2].postchange_data["manufacturer"]["id"] == str(acme.pk)  # a reference to a created object
    assert result.change_count == 4
    assert not DryRunChange.objects.exists()


def test_a_dry_run_logs_nothing_and_stores_the_change_set_the_commit_then_records(fixture_jobs, world):
    job = fixture_jobs["ReshapeInventoryJob"]
    dry = run(job, reshape_input(world), commit=False, user=world["user"])

    assert dry.status == Status.STATUS_COMPLETED and messages(dry)[-1] == REVERTED
    assert not ObjectChange.objects.exists()
    assert Site.objects.get(pk=world["site"].pk).description == "old" and not DeviceType.objects.exists()
    stored = list(DryRunChange.objects.filter(job_result=dry))
    assert dry.change_count == len(stored) == 4
    assert [row.action for row in stored] == ["update", "create", "create", "delete"]

    committed = run_submission(commit_reviewed_run(dry, world["user"], source="cli", enqueue=False))

    assert committed.status == Status.STATUS_COMPLETED, messages(committed)
    assert committed.reviewed_result == dry and list(dry.commit_runs.all()) == [committed]
    logged = list(ObjectChange.objects.filter(job_result=committed).order_by("time"))
    ids = {str(dry.pk): str(committed.pk)}
    assert (
        compare_change_sets([Entry.of(row) for row in stored], [Entry.of(row) for row in logged], ids) == []
    )
    assert Site.objects.get(pk=world["site"].pk).description == "new"


def test_a_commit_whose_world_drifted_is_refused_with_the_differences_logged(fixture_jobs, world):
    job = fixture_jobs["ReshapeInventoryJob"]
    dry = run(job, reshape_input(world), commit=False, user=world["user"])
    Site.objects.filter(pk=world["site"].pk).update(description="edited meanwhile")  # another user's edit

    committed = run_submission(commit_reviewed_run(dry, world["user"], source="cli", enqueue=False))

    assert committed.status == Status.STATUS_FAILED
    lines = messages(committed)
    assert any(
        line.startswith(f"The changes differ from those of the reviewed dry run {dry.pk}") for line in lines
    )
    drift = (
        'dcim.site "Berlin" (update): description before the change: expected "old", got "edited meanwhile".'
    )
    assert drift in lines
    assert lines[-1] == REVERTED_UNREVIEWED
    assert not ObjectChange.objects.exists() and committed.change_count is None
    assert Site.objects.get(pk=world["site"].pk).description == "edited meanwhile"
    assert not Manufacturer.objects.filter(slug="acme").exists()
    assert Manufacturer.objects.filter(slug="initech").exists()


def test_a_commit_that_would_change_something_else_is_refused(fixture_jobs, world):
    job = fixture_jobs["ReshapeInventoryJob"]
    dry = run(job, reshape_input(world), commit=False, user=world["user"])
    Manufacturer.objects.filter(slug="initech").delete()  # the delete will not happen again

    committed = run_submission(commit_reviewed_run(dry, world["user"], source="cli", enqueue=False))

    assert committed.status == Status.STATUS_FAILED
    assert 'Expected the deletion of dcim.manufacturer "Initech", got none.' in messages(committed)


def test_post_run_changes_of_a_committed_run_are_logged_too(fixture_jobs, world):
    job = fixture_jobs["ReshapeInventoryJob"]
    result = run(job, reshape_input(world, post_run_note="DC7"), commit=True, user=world["user"])

    site_changes = ObjectChange.objects.filter(
        job_result=result, changed_object_type=ContentType.objects.get_for_model(Site)
    ).order_by("time")
    assert [row.postchange_data["facility"] for row in site_changes] == ["", "DC7"]
    assert result.change_count == 5


def test_an_errored_run_leaves_neither_log_nor_change_set(fixture_jobs, world):
    job = fixture_jobs["ReshapeInventoryJob"]
    result = run(job, reshape_input(world, new_manufacturer="Initech"), commit=True, user=world["user"])

    assert result.status == Status.STATUS_ERRORED  # the slug is taken
    assert not ObjectChange.objects.exists() and not DryRunChange.objects.exists()
    assert result.change_count is None
