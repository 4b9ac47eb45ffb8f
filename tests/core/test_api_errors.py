"""Every refusal of the REST API has one body: {"detail": "<sentence>", "errors": {"<field>": [...]}}.

One representative request of each kind, from every endpoint family, checked with assert_error_shape;
then the flattening of nested serializer errors and the exception handler on its own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.test import APIClient

from extras.models import IdempotencyRecord, Job, ScheduledJob
from extras.scheduling import ScheduleRequest, create_schedule
from tests.api_errors import assert_error_shape
from tests.factories import dcim as dcim_factories
from tests.factories.extras import FIXTURE_JOBS_ROOT, sync_fixture_jobs
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import SuperuserFactory, UserFactory, grant, token_for

pytestmark = pytest.mark.django_db

LATER = "2030-01-01T01:00:00Z"


@dataclass
class World:
    """What the cases need: a superuser token client, a plain user, the fixture jobs."""

    admin: APIClient
    superuser: object
    jobs: dict[str, Job]
    settings: object

    def client(self, user=None, **token_options) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, **token_options)}")
        return client

    def run(self, job_name: str, body, **extra):
        url = reverse("extras-api:job-run", kwargs={"pk": self.jobs[job_name].pk})
        fmt = extra.pop("format", "json")
        return self.admin.post(url, body, format=fmt, **extra)

    def pending_request(self, requester, **schedule) -> ScheduledJob:
        return create_schedule(
            self.jobs["ApprovalJob"],
            ScheduleRequest(**{"interval": "immediately", "start_time": None, **schedule}),
            user=requester,
            data={"note": "stored"},
            commit=True,
            task_queue="default",
        )


@pytest.fixture
def world(settings, worker_heartbeat) -> World:
    settings.JOBS_ROOT = FIXTURE_JOBS_ROOT
    superuser = SuperuserFactory()
    admin = APIClient()
    admin.credentials(HTTP_AUTHORIZATION=f"Token {token_for(superuser)}")
    return World(admin=admin, superuser=superuser, jobs=sync_fixture_jobs(), settings=settings)


def schedule_url(schedule: ScheduledJob, action: str) -> str:
    return reverse(f"extras-api:scheduledjob-{action}", kwargs={"pk": schedule.pk})


# --- the cases: (name, request, status, fields of `errors`) ------------------------------------------------


def dcim_bad_field(w):
    return w.admin.post(
        "/api/dcim/prefixes/", {"prefix": "banana", "status": {"slug": "active"}}, format="json"
    )


def dcim_nested_lookup(w):
    return w.admin.post(
        "/api/dcim/prefixes/", {"prefix": "10.0.0.0/8", "status": {"slug": "nope"}}, format="json"
    )


def dcim_duplicate(w):
    dcim_factories.PrefixFactory(prefix="10.0.0.0/24")
    return w.admin.post(
        "/api/dcim/prefixes/", {"prefix": "10.0.0.0/24", "status": {"slug": "active"}}, format="json"
    )


def dcim_filter(w):
    return w.admin.get("/api/dcim/device-types/", {"manufacturer_id": "not-a-uuid"})


def dcim_protected_delete(w):
    device_type = dcim_factories.DeviceTypeFactory()
    return w.admin.delete(f"/api/dcim/manufacturers/{device_type.manufacturer_id}/")


def version_header(w):
    return w.admin.get("/api/dcim/sites/", HTTP_ACCEPT="application/json; version=9.9")


def version_query(w):
    return w.admin.get("/api/dcim/sites/", {"api_version": "9.9"})


def version_mismatch(w):
    return w.admin.get(
        "/api/dcim/sites/", {"api_version": "1.2"}, HTTP_ACCEPT="application/json; version=1.3"
    )


def unauthenticated(w):
    return w.client().get("/api/dcim/sites/")


def invalid_token(w):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "f" * 40)
    return client.get("/api/status/")


def read_only_token(w):
    return w.client(w.superuser, write_enabled=False).post(
        "/api/dcim/manufacturers/", {"name": "A"}, format="json"
    )


def no_permission(w):
    return w.client(UserFactory()).get("/api/dcim/sites/")


def object_not_found(w):
    return w.admin.get(f"/api/dcim/sites/{uuid.uuid4()}/")


def method_not_allowed(w):
    return w.admin.put("/api/extras/job-results/", {}, format="json")


def malformed_json(w):
    return w.admin.post("/api/dcim/manufacturers/", "{not json", content_type="application/json")


def unsupported_media_type(w):
    return w.admin.post("/api/dcim/manufacturers/", "name=A", content_type="text/plain")


def unknown_api_url(w):
    return w.admin.get("/api/nonexistent/")


def session_post_without_csrf(w):
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.superuser)
    return client.post(
        "/api/dcim/manufacturers/", {"name": "A", "slug": "a"}, content_type="application/json"
    )


def status_anonymous(w):
    return w.client().get("/api/status/")


def schema_post(w):
    return w.admin.post("/api/schema/", HTTP_ACCEPT="application/json")  # else the schema's YAML renderer


def users_without_permission(w):
    return w.client(UserFactory()).get("/api/users/users/")


def users_not_found(w):
    return w.admin.get(f"/api/users/users/{uuid.uuid4()}/")


def users_create(w):
    return w.admin.post("/api/users/users/", {"username": "x"}, format="json")


def run_bad_variable(w):
    return w.run("CreateManufacturerJob", {"data": {"manufacturer_name": "", "unknown": 1}})


def run_data_not_a_dict(w):
    return w.run("PassingJob", {"data": ["a"]})


def run_bad_commit(w):
    return w.run("PassingJob", {"commit": "perhaps"})


def run_bad_task_queue(w):
    return w.run("PassingJob", {"task_queue": "nowhere"})


def run_bad_interval(w):
    return w.run("CreateManufacturerJob", {"schedule": {"name": "x", "interval": "fortnightly"}})


def run_schedule_fields(w):
    schedule = {"interval": "daily", "start_time": "2000-01-01T00:00:00Z"}
    return w.run("CreateManufacturerJob", {"schedule": schedule, "data": {"manufacturer_name": "A"}})


def run_multipart_bad_interval(w):
    body = {"_schedule_interval": "fortnightly", "_schedule_name": "x", "manufacturer_name": "A"}
    return w.run("CreateManufacturerJob", body, format="multipart")


def run_multipart_missing_schedule_name(w):
    body = {"_schedule_interval": "daily", "_schedule_start_time": LATER, "manufacturer_name": "A"}
    return w.run("CreateManufacturerJob", body, format="multipart")


def run_multipart_bad_commit(w):
    return w.run("PassingJob", {"_commit": "perhaps"}, format="multipart")


def run_multipart_bad_task_queue(w):
    return w.run("PassingJob", {"_task_queue": "nowhere"}, format="multipart")


def run_sensitive_schedule(w):
    return w.run("PassingJob", {"schedule": {"name": "x", "interval": "future", "start_time": LATER}})


def run_sensitive_approval(w):
    Job.objects.filter(pk=w.jobs["PassingJob"].pk).update(
        approval_required=True, approval_required_override=True
    )
    return w.run("PassingJob", {})


def run_bad_wait(w):
    url = reverse("extras-api:job-run", kwargs={"pk": w.jobs["PassingJob"].pk})
    return w.admin.post(url + "?wait=-1", {}, format="json")


def run_disabled(w):
    Job.objects.filter(pk=w.jobs["PassingJob"].pk).update(enabled=False)
    return w.run("PassingJob", {})


def run_not_installed(w):
    Job.objects.filter(pk=w.jobs["PassingJob"].pk).update(installed=False)
    return w.run("PassingJob", {})


def run_without_permission(w):
    user = UserFactory()
    grant(user, Job, ["view"])
    url = reverse("extras-api:job-run", kwargs={"pk": w.jobs["PassingJob"].pk})
    return w.client(user).post(url, {}, format="json")


def run_job_not_found(w):
    return w.admin.post(reverse("extras-api:job-run", kwargs={"pk": uuid.uuid4()}), {}, format="json")


def run_class_path_bad_variable(w):
    return w.admin.post(
        "/api/extras/jobs/local/writing/CreateManufacturerJob/run/", {"data": {}}, format="json"
    )


def run_no_worker(w):
    from extras.models import WorkerHeartbeat

    WorkerHeartbeat.objects.all().delete()
    return w.run("PassingJob", {})


def job_update_sensitive_approval(w):
    url = reverse("extras-api:job-detail", kwargs={"pk": w.jobs["PassingJob"].pk})
    return w.admin.patch(url, {"approval_required": True}, format="json")


def job_delete_installed(w):
    return w.admin.delete(reverse("extras-api:job-detail", kwargs={"pk": w.jobs["PassingJob"].pk}))


def idempotency_bad_key(w):
    return w.run("PassingJob", {}, HTTP_IDEMPOTENCY_KEY=" ")


def body_too_large(w):
    w.settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100  # Django refuses it (a 400 from its own error view)
    return w.run("PassingJob", {"data": {"x": "y" * 200}}, HTTP_IDEMPOTENCY_KEY="big")


def idempotency_reused_key(w):
    w.run("PassingJob", {"commit": False}, HTTP_IDEMPOTENCY_KEY="k")
    return w.run("PassingJob", {"commit": True}, HTTP_IDEMPOTENCY_KEY="k")


def idempotency_in_progress(w):
    from extras.idempotency import fingerprint

    url = reverse("extras-api:job-run", kwargs={"pk": w.jobs["PassingJob"].pk})
    body = b"{}"
    IdempotencyRecord.objects.create(
        user=w.superuser, key="busy", fingerprint=fingerprint("POST", url, "1.2", body)
    )
    return w.admin.post(url, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="busy")


def approve_own_request(w):
    return w.admin.post(schedule_url(w.pending_request(w.superuser), "approve"))


def approve_past_start_time(w):
    schedule = w.pending_request(
        UserFactory(), interval="future", start_time=timezone.now() + timedelta(minutes=1)
    )
    past = timezone.now() - timedelta(hours=1)
    ScheduledJob.objects.filter(pk=schedule.pk).update(start_time=past, next_run_at=past)
    return w.admin.post(schedule_url(schedule, "approve"))


def approve_without_approve_permission(w):
    user = UserFactory()
    grant(user, ScheduledJob, ["view", "change"])
    return w.client(user).post(schedule_url(w.pending_request(UserFactory()), "approve"))


def deny_twice(w):
    schedule = w.pending_request(UserFactory())
    w.admin.post(schedule_url(schedule, "approve"))
    return w.admin.post(schedule_url(schedule, "deny"))


def dry_run_not_runnable(w):
    schedule = w.pending_request(UserFactory())
    Job.objects.filter(pk=schedule.job_model_id).update(enabled=False)
    return w.admin.post(schedule_url(schedule, "dry-run"))


def dry_run_no_worker(w):
    from extras.models import WorkerHeartbeat

    schedule = w.pending_request(UserFactory())
    WorkerHeartbeat.objects.all().delete()
    return w.admin.post(schedule_url(schedule, "dry-run"))


def schedule_create(w):
    return w.admin.post("/api/extras/scheduled-jobs/", {"name": "x"}, format="json")


def schedule_preview(w):
    return w.admin.get("/api/extras/scheduled-jobs/preview/", {"interval": "custom", "crontab": "nope"})


def schedule_preview_without_interval(w):
    return w.admin.get("/api/extras/scheduled-jobs/preview/")


def git_bad_remote(w):
    body = {"name": "Repo", "remote_url": "https://u:pw@example.com/r.git"}
    return w.admin.post("/api/extras/git-repositories/", body, format="json")


def git_bad_list_item(w):
    body = {
        "name": "Repo",
        "remote_url": "https://example.com/r.git",
        "provided_contents": ["extras.nothing"],
    }
    return w.admin.post("/api/extras/git-repositories/", body, format="json")


def git_sync_not_found(w):
    return w.admin.post(f"/api/extras/git-repositories/{uuid.uuid4()}/sync/")


def git_sync_no_worker(w):
    from extras.models import WorkerHeartbeat

    repository = GitRepositoryFactory()
    WorkerHeartbeat.objects.all().delete()
    return w.admin.post(f"/api/extras/git-repositories/{repository.pk}/sync/")


def job_results_bad_filter(w):
    return w.admin.get("/api/extras/job-results/", {"created__gte": "yesterday"})


def job_logs_without_permission(w):
    return w.client(UserFactory()).get("/api/extras/job-logs/")


CASES = [
    # the inventory
    (dcim_bad_field, 400, ["prefix"]),
    (dcim_nested_lookup, 400, ["status"]),
    (dcim_duplicate, 400, ["prefix"]),
    (dcim_filter, 400, ["manufacturer_id"]),
    (dcim_protected_delete, 409, []),
    # versions, authentication, permissions, routing, parsing
    (version_header, 406, []),
    (version_query, 404, []),
    (version_mismatch, 400, []),
    (unauthenticated, 403, []),
    (invalid_token, 403, []),
    (read_only_token, 403, []),
    (no_permission, 403, []),
    (object_not_found, 404, []),
    (method_not_allowed, 405, []),
    (malformed_json, 400, []),
    (unsupported_media_type, 415, []),
    (unknown_api_url, 404, []),
    (session_post_without_csrf, 403, []),
    (status_anonymous, 403, []),
    (schema_post, 405, []),
    (users_without_permission, 403, []),
    (users_not_found, 404, []),
    (users_create, 405, []),
    # running a job
    (run_bad_variable, 400, ["manufacturer_name", "unknown"]),
    (run_data_not_a_dict, 400, ["data"]),
    (run_bad_commit, 400, ["commit"]),
    (run_bad_task_queue, 400, ["task_queue"]),
    (run_bad_interval, 400, ["schedule.interval"]),
    (run_schedule_fields, 400, ["schedule.name", "schedule.start_time"]),
    (run_multipart_bad_interval, 400, ["_schedule_interval"]),
    (run_multipart_missing_schedule_name, 400, ["_schedule_name"]),
    (run_multipart_bad_commit, 400, ["_commit"]),
    (run_multipart_bad_task_queue, 400, ["_task_queue"]),
    (run_sensitive_schedule, 400, ["schedule.interval"]),
    (run_sensitive_approval, 400, ["non_field_errors"]),
    (run_bad_wait, 400, ["wait"]),
    (run_disabled, 403, []),
    (run_not_installed, 405, []),
    (run_without_permission, 403, []),
    (run_job_not_found, 404, []),
    (run_class_path_bad_variable, 400, ["manufacturer_name"]),
    (run_no_worker, 503, []),
    (job_update_sensitive_approval, 400, ["approval_required"]),
    (job_delete_installed, 400, []),
    (idempotency_bad_key, 400, []),
    (body_too_large, 400, []),
    (idempotency_reused_key, 422, []),
    (idempotency_in_progress, 409, []),
    # schedules and approvals
    (approve_own_request, 403, []),
    (approve_past_start_time, 400, []),
    (approve_without_approve_permission, 403, []),
    (deny_twice, 400, []),
    (dry_run_not_runnable, 405, []),
    (dry_run_no_worker, 503, []),
    (schedule_create, 405, []),
    (schedule_preview, 400, ["crontab"]),
    (schedule_preview_without_interval, 400, ["interval"]),
    # git repositories, results, logs
    (git_bad_remote, 400, ["remote_url"]),
    (git_bad_list_item, 400, ["provided_contents.0"]),
    (git_sync_not_found, 404, []),
    (git_sync_no_worker, 503, []),
    (job_results_bad_filter, 400, ["created__gte"]),
    (job_logs_without_permission, 403, []),
]


@pytest.mark.parametrize(
    ("make_request", "status", "fields"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_every_refusal_has_the_one_error_shape(world, make_request, status, fields):
    assert_error_shape(make_request(world), status, fields)


# --- texts kept from the old bodies ------------------------------------------------------------------------


def test_the_bare_string_refusals_became_the_detail(world):
    body = assert_error_shape(approve_own_request(world), 403, [])
    assert body == {"detail": "You cannot approve your own job request!", "errors": {}}
    body = assert_error_shape(approve_past_start_time(world), 400, [])
    assert body["detail"] == (
        "The job's start time is in the past. If you want to force a run anyway, add the `force` query parameter."
    )


def test_job_variable_errors_are_keyed_by_variable_name(world):
    body = assert_error_shape(run_bad_variable(world), 400)
    assert body["errors"] == {
        "manufacturer_name": ["This field is required."],
        "unknown": ["Job data contained an unknown property"],
    }
    assert body["detail"] == "Invalid input in unknown, manufacturer_name."


def test_a_whole_input_error_is_under_data(world):
    body = assert_error_shape(run_data_not_a_dict(world), 400)
    assert body == {
        "detail": "data: Job data needs to be a dict",
        "errors": {"data": ["Job data needs to be a dict"]},
    }


def test_one_field_error_is_also_the_detail(world):
    body = assert_error_shape(run_bad_task_queue(world), 400)
    assert body == {
        "detail": 'task_queue: "nowhere" is not a valid choice.',
        "errors": {"task_queue": ['"nowhere" is not a valid choice.']},
    }


def test_drf_details_are_kept(world):
    assert (
        assert_error_shape(unauthenticated(world), 403)["detail"]
        == "Authentication credentials were not provided."
    )
    assert assert_error_shape(invalid_token(world), 403)["detail"] == "Invalid token"
    assert (
        assert_error_shape(read_only_token(world), 403)["detail"]
        == "This token does not have write permission."
    )
    assert assert_error_shape(method_not_allowed(world), 405)["detail"] == 'Method "PUT" not allowed.'
    assert assert_error_shape(version_header(world), 406)["detail"] == 'Invalid version in "Accept" header.'
    assert assert_error_shape(unknown_api_url(world), 404)["detail"] == "Not found."
    assert assert_error_shape(session_post_without_csrf(world), 403)["detail"].startswith("CSRF Failed")
    assert assert_error_shape(malformed_json(world), 400)["detail"].startswith("JSON parse error")


def test_the_api_version_header_is_on_an_unknown_api_url(world):
    assert unknown_api_url(world)["API-Version"]


def test_an_unknown_page_outside_the_api_is_still_html(world, client):
    client.force_login(world.superuser)
    response = client.get("/nonexistent/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- the pieces -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detail", "flat"),
    [
        ({"name": ["required"]}, {"name": ["required"]}),
        (
            {"schedule": {"interval": ["bad"], "name": ["missing"]}},
            {"schedule.interval": ["bad"], "schedule.name": ["missing"]},
        ),
        ({"tags": {0: ["bad"], 2: ["worse"]}}, {"tags.0": ["bad"], "tags.2": ["worse"]}),
        ({"items": [{}, {"name": ["bad"]}]}, {"items.1.name": ["bad"]}),
        (["whole"], {"non_field_errors": ["whole"]}),
        ("whole", {"non_field_errors": ["whole"]}),
        ({"non_field_errors": ["a"], "x": ["b"]}, {"non_field_errors": ["a"], "x": ["b"]}),
        ({"schedule": {"non_field_errors": ["a"]}}, {"schedule": ["a"]}),
        ({"__all__": ["a"]}, {"non_field_errors": ["a"]}),
        ({"a": {"b": {"c": ["deep"]}}}, {"a.b.c": ["deep"]}),
    ],
)
def test_flatten_errors(detail, flat):
    from core.api.errors import flatten_errors

    assert flatten_errors(detail) == flat


@pytest.mark.parametrize(
    ("errors", "summary"),
    [
        ({"name": ["This field is required."]}, "name: This field is required."),
        ({"non_field_errors": ["Something is wrong."]}, "Something is wrong."),
        ({"a": ["x", "y"]}, "Invalid input in a."),
        ({"a": ["x"], "b.c": ["y"]}, "Invalid input in a, b.c."),
        ({"non_field_errors": ["x", "y"]}, "x y"),
        ({"non_field_errors": ["x"], "a": ["y"]}, "Invalid input in a."),
        ({}, "Invalid input."),
    ],
)
def test_summarise_errors(errors, summary):
    from core.api.errors import summarise_errors

    assert summarise_errors(errors) == summary


def test_throttling_has_the_shape_and_keeps_retry_after():
    from core.api.exceptions import exception_handler

    response = exception_handler(exceptions.Throttled(wait=5), {})
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert set(response.data) == {"detail", "errors"} and response.data["errors"] == {}
    assert response.data["detail"].startswith("Request was throttled.")
