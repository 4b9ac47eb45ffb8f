"""POST /api/extras/jobs/<uuid|name|class_path>/run/: the answers in the contract's order, and what a run creates."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobResult
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape

pytestmark = pytest.mark.django_db


def run_url(job: Job) -> str:
    return reverse("extras-api:job-run", kwargs={"pk": job.pk})


@pytest.fixture
def passing(fixture_jobs) -> Job:
    return fixture_jobs["PassingJob"]


@pytest.fixture
def runner(user, token_client, grant_permission):
    """A user who may view and run every job, and view the objects its inputs name (a run's object inputs are
    found only among those: issue 20)."""
    from dcim.models import DeviceType, Manufacturer

    grant_permission(user, Job, ["view", "run"])
    grant_permission(user, Manufacturer, ["view"])
    grant_permission(user, DeviceType, ["view"])
    return token_client(user)


# --- refusals, in the order they are checked -------------------------------------------------------


def test_without_run_permission_is_403(user, token_client, grant_permission, passing, worker_heartbeat):
    grant_permission(user, Job, ["view"])
    assert_status(token_client(user).post(run_url(passing), {}, format="json"), 403)
    assert not JobResult.objects.exists()


def test_read_only_token_is_403(superuser, token_client, passing, worker_heartbeat):
    client = token_client(superuser, write_enabled=False)
    assert_status(client.post(run_url(passing), {}, format="json"), 403)


def test_job_outside_the_run_constraint_is_404(user, token_client, grant_permission, fixture_jobs):
    grant_permission(user, Job, ["view", "run"], {"module_name": "failing"})
    assert_status(token_client(user).post(run_url(fixture_jobs["PassingJob"]), {}, format="json"), 404)


def test_job_you_may_view_but_not_run_is_403(user, token_client, grant_permission, fixture_jobs):
    """Seen (view on every job) but outside the run constraint: a refusal, not a pretence it is missing."""
    grant_permission(user, Job, ["view"])
    grant_permission(user, Job, ["run"], {"module_name": "failing"})
    client = token_client(user)
    passing = fixture_jobs["PassingJob"]
    for url in (run_url(passing), "/api/extras/jobs/local/passing/PassingJob/run/"):
        response = client.post(url, {}, format="json")
        assert_error_shape(response, 403, [], detail="You do not have permission to run this job.")
    response = client.post(f"/api/extras/scripts/{passing.pk}/", {"data": {}, "commit": True}, format="json")
    assert_error_shape(response, 403, [], detail="You do not have permission to run this job.")
    assert not JobResult.objects.exists()


def test_disabled_job_is_403(runner, passing, worker_heartbeat):
    Job.objects.filter(pk=passing.pk).update(enabled=False)
    response = runner.post(run_url(passing), {"task_queue": "nowhere"}, format="json")
    assert_error_shape(response, 403, [], detail="This job is not enabled to be run.")


def test_uninstalled_job_is_405(runner, passing, worker_heartbeat):
    Job.objects.filter(pk=passing.pk).update(installed=False)
    response = runner.post(run_url(passing), {"task_queue": "nowhere"}, format="json")
    assert_error_shape(response, 405, [], detail="This job is not presently installed and cannot be run")


def test_unknown_task_queue_is_400(runner, passing, worker_heartbeat):
    response = runner.post(run_url(passing), {"task_queue": "nowhere", "data": {"x": 1}}, format="json")
    body = assert_error_shape(response, 400, ["task_queue"])
    assert body["errors"] == {"task_queue": ['"nowhere" is not a valid choice.']}


def test_bad_input_is_400_naming_each_variable(runner, fixture_jobs, worker_heartbeat):
    data = {"string_var": "Not A Slug", "unknown": 1}
    response = runner.post(run_url(fixture_jobs["EveryVariableJob"]), {"data": data}, format="json")
    errors = assert_error_shape(response, 400)["errors"]
    assert errors["unknown"] == ["Job data contained an unknown property"]
    assert {"string_var", "choice_var", "object_var"} <= set(errors)


def test_input_that_is_not_an_object_is_400_under_data(runner, passing, worker_heartbeat):
    response = runner.post(run_url(passing), {"data": ["a"]}, format="json")
    body = assert_error_shape(response, 400, ["data"])
    assert body["errors"] == {"data": ["Job data needs to be a dict"]}


def test_object_var_naming_a_missing_object_is_400(runner, fixture_jobs, worker_heartbeat):
    data = {**valid_every_variable_data(), "object_var": str(uuid.uuid4())}
    response = runner.post(run_url(fixture_jobs["EveryVariableJob"]), {"data": data}, format="json")
    errors = assert_error_shape(response, 400, ["object_var"])["errors"]
    assert errors["object_var"][0]


def test_no_worker_on_the_queue_is_503(runner, passing):
    response = runner.post(run_url(passing), {}, format="json")
    assert_error_shape(
        response, 503, [], detail="Unable to process request: No celery workers running on queue default."
    )
    assert not JobResult.objects.exists()


# --- accepted runs ----------------------------------------------------------------------------------


def test_run_answers_201_with_the_pending_result(runner, user, passing, worker_heartbeat):
    response = runner.post(run_url(passing), {"data": {}, "commit": False}, format="json")
    assert_status(response, 201)
    body = response.json()
    assert body["schedule"] is None
    result = JobResult.objects.get(pk=body["job_result"]["id"])
    assert set(body["job_result"]) == {
        "id",
        "display",
        "url",
        "name",
        "created",
        "completed",
        "user",
        "status",
    }
    assert body["job_result"]["status"] == {"value": "pending", "label": "Pending"}
    assert body["job_result"]["user"]["username"] == user.username
    assert body["job_result"]["url"].endswith(
        reverse("extras-api:jobresult-detail", kwargs={"pk": result.pk})
    )
    assert (result.job_model, result.commit, result.user) == (passing, False, user)


def test_run_ignores_unknown_keys_and_accepts_an_immediate_schedule(runner, passing, worker_heartbeat):
    body = {
        "job_id": str(passing.pk),
        "class_path": passing.class_path,
        "schedule": {"interval": "immediately"},
    }
    assert_status(runner.post(run_url(passing), body, format="json"), 201)


def test_run_by_name(runner, passing, worker_heartbeat):
    response = runner.post("/api/extras/jobs/Passing job/run/", {}, format="json")
    assert_status(response, 201)
    assert JobResult.objects.get().job_model == passing


def test_commit_defaults_to_the_job_setting(runner, passing, worker_heartbeat):
    assert_status(runner.post(run_url(passing), {}, format="json"), 201)
    assert JobResult.objects.get().commit is passing.commit_default is True


def test_run_by_class_path_answers_200_with_the_job_class_shape(runner, passing, worker_heartbeat):
    response = runner.post("/api/extras/jobs/local/passing/PassingJob/run/", {"commit": True}, format="json")
    assert_status(response, 200)
    body = response.json()
    assert body["id"] == "local/passing/PassingJob"
    assert body["result"]["id"] == str(JobResult.objects.get().pk)
    assert body["result"]["status"]["value"] == Status.STATUS_PENDING
    assert body["result"]["job_id"]


def test_run_stores_the_input_of_jobs_without_sensitive_variables(runner, fixture_jobs, worker_heartbeat):
    response = runner.post(
        run_url(fixture_jobs["EveryVariableJob"]), {"data": valid_every_variable_data()}, format="json"
    )
    assert_status(response, 201)
    stored = JobResult.objects.get().job_kwargs["data"]
    assert stored["string_var"] == "hello" and stored["choice_var"] == "n"


# --- multipart --------------------------------------------------------------------------------------


def valid_every_variable_data() -> dict:
    maker = Manufacturer.objects.create(name="Acme", slug="acme")
    return {
        "string_var": "hello",
        "boolean_var": True,
        "choice_var": "n",
        "object_var": str(maker.pk),
        "ipaddress_var": "192.0.2.1",
        "ipaddress_with_mask_var": "192.0.2.1/24",
        "ipnetwork_var": "192.0.2.0/24",
    }


def test_multipart_run_takes_files_and_underscore_options(runner, fixture_jobs, worker_heartbeat):
    form = {
        **valid_every_variable_data(),
        "boolean_var": "true",
        "integer_var": "4",  # multipart is read like a web form, which always sends every field
        "multichoice_var": ["n", "s"],
        "file_var": SimpleUploadedFile("notes.txt", b"twelve bytes"),
        "_commit": "false",
        "_task_queue": "default",
    }
    response = runner.post(run_url(fixture_jobs["EveryVariableJob"]), form, format="multipart")
    assert_status(response, 201)
    result = JobResult.objects.get()
    assert result.commit is False
    assert result.job_kwargs["data"]["multichoice_var"] == ["n", "s"]
    assert "file_var" not in result.job_kwargs["data"]


def test_multipart_errors_name_the_variable(runner, fixture_jobs, worker_heartbeat):
    form = {**valid_every_variable_data(), "integer_var": "eleven"}
    response = runner.post(run_url(fixture_jobs["EveryVariableJob"]), form, format="multipart")
    assert_error_shape(response, 400, ["integer_var"])


def test_multipart_bad_queue_is_400_under_the_name_sent(runner, passing, worker_heartbeat):
    response = runner.post(run_url(passing), {"_task_queue": "nowhere"}, format="multipart")
    body = assert_error_shape(response, 400, ["_task_queue"])
    assert body["errors"] == {"_task_queue": ['"nowhere" is not a valid choice.']}


# --- a form body (application/x-www-form-urlencoded) is read as multipart is ---------------------------


def test_form_encoded_run_takes_its_input_and_underscore_options(runner, fixture_jobs, worker_heartbeat):
    """`seconds=1&_commit=true` used to run with the defaults: the input was dropped silently."""
    form = {
        **valid_every_variable_data(),
        "boolean_var": "true",
        "integer_var": "4",
        "multichoice_var": ["n", "s"],
        "_commit": "false",
    }
    response = runner.post(
        run_url(fixture_jobs["EveryVariableJob"]),
        urlencode(form, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )
    assert_status(response, 201)
    result = JobResult.objects.get()
    assert result.commit is False
    assert result.job_kwargs["data"]["integer_var"] == 4
    assert result.job_kwargs["data"]["multichoice_var"] == ["n", "s"]


def test_form_encoded_errors_name_the_field_sent(runner, fixture_jobs, worker_heartbeat):
    form = {**valid_every_variable_data(), "integer_var": "eleven", "_commit": "maybe"}
    response = runner.post(
        run_url(fixture_jobs["EveryVariableJob"]),
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    assert_error_shape(response, 400, ["_commit"])
    form["_commit"] = "true"
    response = runner.post(
        run_url(fixture_jobs["EveryVariableJob"]),
        urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    assert_error_shape(response, 400, ["integer_var"])
    assert not JobResult.objects.exists()


def test_other_body_types_are_415(runner, passing, worker_heartbeat):
    response = runner.post(run_url(passing), "seconds=1", content_type="text/plain")
    assert_error_shape(response, 415, [])
    assert not JobResult.objects.exists()
