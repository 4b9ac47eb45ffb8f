"""Every refusal of the jobs API has the one error body (see tests/core/test_api_errors.py).

Runs (JSON and multipart envelopes, variables, schedules, sensitive jobs, idempotency keys), job
records, approvals, schedules, Git repositories, results and logs; then the texts the old bodies had.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from extras.models import IdempotencyRecord, Job, ScheduledJob
from extras.schedules.scheduling import ScheduleRequest, create_schedule
from tests.api_errors import assert_error_shape
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import UserFactory, grant, token_for

pytestmark = pytest.mark.django_db

LATER = "2030-01-01T01:00:00Z"


@dataclass
class World:
    """What the cases need: the superuser's token client, clients for others, the fixture jobs."""

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
def world(admin_api, superuser, fixture_jobs, settings, worker_heartbeat) -> World:
    return World(admin=admin_api, superuser=superuser, jobs=fixture_jobs, settings=settings)


def schedule_url(schedule: ScheduledJob, action: str) -> str:
    return reverse(f"extras-api:scheduledjob-{action}", kwargs={"pk": schedule.pk})


# --- the cases: a request, its status, the fields of `errors` ----------------------------------------------


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
    from extras.api.idempotency import fingerprint

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
    # job records and idempotency keys
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
