"""Run requests with a `schedule` (seed 003), and requests of jobs that require approval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.models import Job, JobResult, ScheduledJob
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape

pytestmark = pytest.mark.django_db


def run_url(job: Job) -> str:
    return reverse("extras-api:job-run", kwargs={"pk": job.pk})


@pytest.fixture
def writer_job(fixture_jobs) -> Job:
    """Enabled, no sensitive variables: may be scheduled."""
    return fixture_jobs["CreateManufacturerJob"]


def later(**delta) -> str:
    return (timezone.now() + timedelta(**delta)).isoformat()


def test_seed_003_future_example_creates_a_schedule(admin_api, writer_job):
    body = {"schedule": {"name": "test", "interval": "future", "start_time": "2030-01-01T01:00:00.000Z"}}
    body["data"] = {"manufacturer_name": "Acme"}
    response = admin_api.post(run_url(writer_job), body, format="json")
    assert_status(response, 201)
    answer = response.json()
    assert answer["job_result"] is None
    assert answer["schedule"]["name"] == "test"
    assert answer["schedule"]["interval"]["value"] == "future"
    assert answer["schedule"]["start_time"].startswith("2030-01-01T01:00:00")
    schedule = ScheduledJob.objects.get()
    assert schedule.next_run_at == schedule.start_time
    assert schedule.data == {"manufacturer_name": "Acme", "model_name": "Model 1"}
    assert not JobResult.objects.exists()


def test_seed_003_custom_example_creates_a_crontab_schedule(admin_api, writer_job):
    body = {
        "schedule": {
            "name": "test",
            "interval": "custom",
            "start_time": "2030-01-01T01:00:00.000Z",
            "crontab": "*/15 * * * *",
        },
        "data": {"manufacturer_name": "Acme"},
    }
    response = admin_api.post(run_url(writer_job), body, format="json")
    assert_status(response, 201)
    assert response.json()["schedule"]["crontab"] == "*/15 * * * *"
    schedule = ScheduledJob.objects.get()
    assert schedule.next_run_at.minute % 15 == 0 and schedule.next_run_at >= schedule.start_time


def test_custom_schedule_without_start_time_begins_at_the_next_match(admin_api, writer_job):
    body = {"schedule": {"name": "c", "interval": "custom", "crontab": "0 3 * * *"}}
    body["data"] = {"manufacturer_name": "Acme"}
    assert_status(admin_api.post(run_url(writer_job), body, format="json"), 201)
    schedule = ScheduledJob.objects.get()
    assert schedule.next_run_at > timezone.now()
    assert (schedule.next_run_at.hour, schedule.next_run_at.minute) == (3, 0)


NAME = ["Please provide a name for the job schedule."]
START = ["Please enter a valid date and time greater than or equal to the current date and time."]
CRONTAB = ["Please enter a valid crontab."]
LATER = "2030-01-01T01:00:00Z"


@pytest.mark.parametrize(
    ("schedule", "errors"),
    [
        ({"interval": "daily", "start_time": LATER}, {"name": NAME}),
        ({"name": "x", "interval": "daily"}, {"start_time": START}),
        ({"name": "x", "interval": "future", "start_time": "2000-01-01T00:00:00Z"}, {"start_time": START}),
        ({"name": "x", "interval": "custom", "crontab": "every day"}, {"crontab": CRONTAB}),
        ({"name": "x", "interval": "custom", "crontab": "@daily"}, {"crontab": CRONTAB}),
        ({"name": "x"}, {"interval": ["This field is required."]}),
        ({"name": "x", "interval": "fortnightly"}, {"interval": ['"fortnightly" is not a valid choice.']}),
        (
            {"name": "x", "interval": "hourly", "start_time": LATER, "time_zone": "Mars/Olympus"},
            {"time_zone": ['Unknown time zone "Mars/Olympus".']},
        ),
    ],
)
def test_bad_schedules_are_400_per_field(admin_api, writer_job, schedule, errors):
    body = {"schedule": schedule, "data": {"manufacturer_name": "Acme"}}
    response = admin_api.post(run_url(writer_job), body, format="json")
    body = assert_error_shape(response, 400)
    assert body["errors"] == {f"schedule.{field}": messages for field, messages in errors.items()}
    assert not ScheduledJob.objects.exists()


def test_a_start_time_less_than_15_seconds_ahead_is_refused(admin_api, writer_job):
    body = {"schedule": {"name": "soon", "interval": "future", "start_time": later(seconds=5)}}
    body["data"] = {"manufacturer_name": "Acme"}
    assert_status(admin_api.post(run_url(writer_job), body, format="json"), 400)


def test_sensitive_jobs_cannot_be_scheduled(admin_api, fixture_jobs):
    body = {"schedule": {"name": "x", "interval": "future", "start_time": later(days=1)}}
    response = admin_api.post(run_url(fixture_jobs["PassingJob"]), body, format="json")
    body = assert_error_shape(response, 400, ["schedule.interval"])
    assert body["errors"] == {
        "schedule.interval": ["Unable to schedule job: Job may have sensitive input variables"]
    }


def test_sensitive_job_that_requires_approval_cannot_run(admin_api, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["PassingJob"]
    Job.objects.filter(pk=job.pk).update(approval_required=True, approval_required_override=True)
    response = admin_api.post(run_url(job), {}, format="json")
    body = assert_error_shape(response, 400, ["non_field_errors"])
    assert body["detail"].startswith("Unable to run or schedule job:")
    assert body["errors"]["non_field_errors"] == [body["detail"]]


def test_bad_input_of_a_schedule_is_refused_before_it_is_stored(admin_api, writer_job):
    body = {"schedule": {"name": "x", "interval": "future", "start_time": later(days=1)}, "data": {}}
    response = admin_api.post(run_url(writer_job), body, format="json")
    assert "manufacturer_name" in assert_error_shape(response, 400)["errors"]
    assert not ScheduledJob.objects.exists()


def test_multipart_schedule_fields(admin_api, writer_job):
    body = {
        "_schedule_name": "multi",
        "_schedule_interval": "daily",
        "_schedule_start_time": later(days=1),
        "manufacturer_name": "Acme",
    }
    response = admin_api.post(run_url(writer_job), body, format="multipart")
    assert_status(response, 201)
    assert ScheduledJob.objects.get().interval == "daily"


def test_multipart_schedule_errors_use_the_flattened_names(admin_api, writer_job):
    body = {"_schedule_interval": "daily", "manufacturer_name": "Acme"}
    response = admin_api.post(run_url(writer_job), body, format="multipart")
    assert_error_shape(response, 400, ["_schedule_name", "_schedule_start_time"])


def test_scheduling_needs_no_live_worker(admin_api, writer_job):
    body = {"schedule": {"name": "x", "interval": "weekly", "start_time": later(days=1)}}
    body["data"] = {"manufacturer_name": "Acme"}
    assert_status(admin_api.post(run_url(writer_job), body, format="json"), 201)


def test_class_path_run_with_a_schedule_answers_200_with_the_schedule(admin_api, writer_job):
    body = {"schedule": {"name": "x", "interval": "hourly", "start_time": later(hours=1)}}
    body["data"] = {"manufacturer_name": "Acme"}
    response = admin_api.post(f"/api/extras/jobs/{writer_job.class_path}/run/", body, format="json")
    assert_status(response, 200)
    assert response.json()["result"] is None
    assert response.json()["schedule"]["name"] == "x"


# --- approval required -------------------------------------------------------------------------------


def test_a_job_requiring_approval_is_queued_for_approval_instead_of_running(admin_api, fixture_jobs):
    job = fixture_jobs["ApprovalJob"]
    response = admin_api.post(run_url(job), {"data": {"note": "n"}}, format="json")
    assert_status(response, 201)
    assert response.json()["job_result"] is None
    schedule = ScheduledJob.objects.get()
    assert schedule.interval == "immediately" and schedule.awaiting_approval
    assert schedule.name.startswith("Needs approval - ")
    assert not JobResult.objects.exists()


def test_a_scheduled_job_requiring_approval_waits_for_it(admin_api, fixture_jobs):
    body = {"schedule": {"name": "nightly", "interval": "daily", "start_time": later(days=1)}}
    assert_status(admin_api.post(run_url(fixture_jobs["ApprovalJob"]), body, format="json"), 201)
    schedule = ScheduledJob.objects.get()
    assert schedule.awaiting_approval
    assert not ScheduledJob.objects.due(timezone.now() + timedelta(days=2)).exists()


@pytest.mark.parametrize(
    ("schedule", "field"),
    [
        ({"name": "x", "interval": "custom", "crontab": "0 0 30 2 *"}, "crontab"),  # 30 February
        ({"name": "x", "interval": "daily", "start_time": "9999-12-31T23:59:00-12:00"}, "start_time"),
    ],
)
def test_a_schedule_that_never_runs_is_400_not_500(admin_api, writer_job, schedule, field):
    body = {"schedule": schedule, "data": {"manufacturer_name": "Acme"}}
    response = admin_api.post(run_url(writer_job), body, format="json")
    assert_error_shape(response, 400, [f"schedule.{field}"])
