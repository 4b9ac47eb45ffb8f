"""/api/extras/jobs/: the Job record API, the legacy 1.2 job-class shape, lookups and variables."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobResult
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape

pytestmark = pytest.mark.django_db

LIST_URL = "/api/extras/jobs/"
JOB_FIELDS = {
    "id", "display", "url", "source", "module_name", "job_class_name", "grouping", "grouping_override",
    "name", "name_override", "slug", "description", "description_override", "installed", "enabled",
    "has_sensitive_variables", "has_sensitive_variables_override", "approval_required",
    "approval_required_override", "commit_default", "commit_default_override", "hidden", "hidden_override",
    "read_only", "read_only_override", "soft_time_limit", "soft_time_limit_override", "time_limit",
    "time_limit_override", "task_queues", "task_queues_override", "class_path", "created", "last_updated",
    "job_queues", "job_queues_override", "default_job_queue", "default_job_queue_override",
    "is_job_hook_receiver", "is_job_button_receiver",
}  # fmt: skip


def detail_url(job: Job) -> str:
    return reverse("extras-api:job-detail", kwargs={"pk": job.pk})


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


# --- list: version negotiation ----------------------------------------------------------------------


def test_default_version_lists_job_classes_as_a_bare_array(admin_api, fixture_jobs):
    response = admin_api.get(LIST_URL)
    assert_status(response, 200)
    assert response["API-Version"] == "1.2"
    passing = by_id(response.json())["local/passing/PassingJob"]
    assert passing["url"].endswith("/api/extras/jobs/local/passing/PassingJob/")
    assert passing["pk"] == str(fixture_jobs["PassingJob"].pk)
    assert passing["name"] == "Passing job"
    assert passing["test_methods"] == ["test_everything_fine"]
    assert passing["vars"] == {}
    assert passing["result"] is None


def test_legacy_list_names_variable_classes(admin_api, fixture_jobs):
    every = by_id(admin_api.get(LIST_URL).json())["local/all_variables/EveryVariableJob"]
    assert every["vars"]["string_var"] == "StringVar"
    assert every["vars"]["file_var"] == "FileVar"


def test_legacy_list_shows_the_latest_finished_result(admin_api, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    JobResult.objects.create(job_model=job, name=job.class_path, status=Status.STATUS_FAILED)
    finished = JobResult.objects.create(job_model=job, name=job.class_path, status=Status.STATUS_COMPLETED)
    JobResult.objects.create(job_model=job, name=job.class_path, status=Status.STATUS_PENDING)
    result = by_id(admin_api.get(LIST_URL).json())[job.class_path]["result"]
    assert result["id"] == str(finished.pk)
    assert result["status"] == {"value": "completed", "label": "Completed"}


def test_legacy_list_leaves_out_uninstalled_jobs(admin_api, fixture_jobs):
    Job.objects.filter(pk=fixture_jobs["PassingJob"].pk).update(installed=False)
    assert "local/passing/PassingJob" not in by_id(admin_api.get(LIST_URL).json())


@pytest.mark.parametrize(
    "options", [{"HTTP_ACCEPT": "application/json; version=1.3"}, {"QUERY_STRING": "api_version=1.3"}]
)
def test_version_1_3_lists_paginated_job_records(admin_api, fixture_jobs, options):
    response = admin_api.get(LIST_URL, **options)
    assert_status(response, 200)
    assert response["API-Version"] == "1.3"
    body = response.json()
    assert body["count"] == Job.objects.count()
    assert set(body["results"][0]) == JOB_FIELDS


def test_list_needs_view_permission(user, token_client, fixture_jobs):
    assert_status(token_client(user).get(LIST_URL), 403)


def test_list_shows_only_jobs_the_user_may_view(user, token_client, grant_permission, fixture_jobs):
    grant_permission(user, Job, ["view"], {"module_name": "passing"})
    assert [item["id"] for item in token_client(user).get(LIST_URL).json()] == ["local/passing/PassingJob"]


def test_list_refuses_post(admin_api, fixture_jobs):
    assert_status(admin_api.post(LIST_URL, {}, format="json"), 405)


# --- detail and lookups -----------------------------------------------------------------------------


def test_detail_by_uuid_has_every_field(admin_api, fixture_jobs):
    job = fixture_jobs["FullMetaJob"]
    body = admin_api.get(detail_url(job)).json()
    assert set(body) == JOB_FIELDS
    assert body["url"].endswith(detail_url(job))
    assert body["task_queues"] == ["default", "priority"]
    assert body["approval_required"] is True


def test_detail_by_name(admin_api, fixture_jobs):
    response = admin_api.get(f"{LIST_URL}Passing job/")
    assert_status(response, 200)
    assert response.json()["id"] == str(fixture_jobs["PassingJob"].pk)


def test_detail_by_class_path_has_the_job_class_shape_with_the_full_result(admin_api, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    finished = JobResult.objects.create(job_model=job, name=job.class_path, status=Status.STATUS_COMPLETED)
    response = admin_api.get(f"{LIST_URL}local/passing/PassingJob/")
    assert_status(response, 200)
    body = response.json()
    assert body["id"] == job.class_path and body["pk"] == str(job.pk)
    assert body["result"]["id"] == str(finished.pk)
    assert body["result"]["obj_type"] == "extras.job"


@pytest.mark.parametrize("path", ["local/passing/NoSuchJob/", "No such job/"])
def test_unknown_job_is_404(admin_api, fixture_jobs, path):
    assert_status(admin_api.get(LIST_URL + path), 404)


def test_class_path_of_an_uninstalled_job_is_404(admin_api, fixture_jobs):
    Job.objects.filter(pk=fixture_jobs["PassingJob"].pk).update(installed=False)
    assert_status(admin_api.get(f"{LIST_URL}local/passing/PassingJob/"), 404)


def test_detail_of_a_job_the_user_may_not_view_is_404(user, token_client, grant_permission, fixture_jobs):
    grant_permission(user, Job, ["view"], {"module_name": "passing"})
    client = token_client(user)
    assert_status(client.get(detail_url(fixture_jobs["PassingJob"])), 200)
    assert_status(client.get(detail_url(fixture_jobs["FailingJob"])), 404)


# --- variables --------------------------------------------------------------------------------------


def test_variables_are_described_in_declaration_order(admin_api, fixture_jobs):
    response = admin_api.get(detail_url(fixture_jobs["EveryVariableJob"]) + "variables/")
    assert_status(response, 200)
    variables = response.json()
    assert [item["name"] for item in variables][:3] == ["string_var", "text_var", "integer_var"]
    integer = variables[2]
    assert integer["type"] == "IntegerVar" and integer["default"] == 3 and integer["max_value"] == 10


def test_variables_follow_field_order_and_work_by_class_path(admin_api, fixture_jobs):
    response = admin_api.get(f"{LIST_URL}local/meta_options/FullMetaJob/variables/")
    assert_status(response, 200)
    assert [item["name"] for item in response.json()] == ["second", "first"]


# --- updates and deletion ---------------------------------------------------------------------------


def test_patch_enables_a_job(admin_api, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    Job.objects.filter(pk=job.pk).update(enabled=False)
    response = admin_api.patch(detail_url(job), {"enabled": True}, format="json")
    assert_status(response, 200)
    job.refresh_from_db()
    assert job.enabled is True


def test_patching_a_field_overrides_it_and_clearing_the_override_restores_the_class_value(
    admin_api, fixture_jobs
):
    job = fixture_jobs["PassingJob"]
    body = admin_api.patch(detail_url(job), {"name": "Renamed"}, format="json").json()
    assert (body["name"], body["name_override"]) == ("Renamed", True)
    body = admin_api.patch(detail_url(job), {"name_override": False}, format="json").json()
    assert (body["name"], body["name_override"]) == ("Passing job", False)


@pytest.mark.parametrize(
    ("job_name", "payload", "field"),
    [
        ("PassingJob", {"approval_required": True}, "approval_required"),
        ("FullMetaJob", {"has_sensitive_variables": True}, "has_sensitive_variables"),
    ],
)
def test_sensitive_jobs_cannot_require_approval(admin_api, fixture_jobs, job_name, payload, field):
    response = admin_api.patch(detail_url(fixture_jobs[job_name]), payload, format="json")
    body = assert_error_shape(response, 400, [field])
    assert body["errors"] == {
        field: ["A job with sensitive variables cannot also be marked as requiring approval"]
    }


def test_patch_needs_change_permission(user, token_client, grant_permission, fixture_jobs):
    grant_permission(user, Job, ["view"])
    response = token_client(user).patch(
        detail_url(fixture_jobs["PassingJob"]), {"enabled": False}, format="json"
    )
    assert_status(response, 403)


def test_installed_jobs_cannot_be_deleted(admin_api, fixture_jobs):
    response = admin_api.delete(detail_url(fixture_jobs["PassingJob"]))
    assert_status(response, 400)
    assert "no longer installed" in response.json()["detail"]


def test_uninstalled_jobs_can_be_deleted(admin_api, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    Job.objects.filter(pk=job.pk).update(installed=False)
    assert_status(admin_api.delete(detail_url(job)), 204)
    assert not Job.objects.filter(pk=job.pk).exists()
