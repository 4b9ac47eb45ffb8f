"""The Nautobot 2.x REST dialect (issue 22): asked for with `Accept: application/json; version=2.x`.

1.x shapes stay the default; a 2.x request gets Nautobot 2.x's run body and answer, Celery-state statuses,
`date_*` fields and the 2.x log lines, with the same permissions and visibility as the 1.x endpoints.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobLogEntry, JobResult
from extras.routers import LIVE_ALIAS
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape

pytestmark = pytest.mark.django_db

V2 = "application/json; version=2.4"
RESULTS_URL = "/api/extras/job-results/"
LOGS_URL = "/api/extras/job-logs/"


def v2_get(client, url: str, params: dict | None = None, version: str = "2.4"):
    return client.get(url, params or {}, HTTP_ACCEPT=f"application/json; version={version}")


def v2_post(client, url: str, body: dict, version: str = "2.4"):
    return client.post(url, body, format="json", HTTP_ACCEPT=f"application/json; version={version}")


def make_result(job: Job, user=None, status: str = Status.STATUS_COMPLETED, logs: int = 0) -> JobResult:
    now = timezone.now()
    result = JobResult.objects.create(
        job_model=job,
        name=job.name,
        user=user,
        status=status,
        started=now if status != Status.STATUS_PENDING else None,
        completed=now if status in Status.TERMINAL else None,
        info_count=logs,
        failure_count=1 if status == Status.STATUS_FAILED else 0,
        output="\n3 renamed",
        task_id=uuid.uuid4(),
    )
    JobLogEntry.objects.using(LIVE_ALIAS).bulk_create(
        JobLogEntry(
            job_result_id=result.pk,
            sequence=index + 1,
            grouping="run" if index % 2 == 0 else "rename",
            log_level="info" if index % 2 == 0 else "warning",
            message=f"line {index + 1}",
        )
        for index in range(logs)
    )
    return result


def result_url(result: JobResult, suffix: str = "") -> str:
    return reverse("extras-api:jobresult-detail", kwargs={"pk": result.pk}) + suffix


def run_url(job: Job) -> str:
    return reverse("extras-api:job-run", kwargs={"pk": job.pk})


# --- negotiation ------------------------------------------------------------------------------------


def test_without_a_version_the_1x_shapes_answer(admin_api, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"])
    response = admin_api.get(result_url(result))
    assert response["API-Version"] == "1.2"
    body = response.json()
    assert body["status"] == {"value": "completed", "label": "Completed"}
    assert "created" in body and "date_created" not in body


@pytest.mark.parametrize("version", ["2.0", "2.1", "2.2", "2.3", "2.4", "3.0", "3.1"])
def test_each_2x_and_3x_version_answers_in_the_2x_shape(admin_api, fixture_jobs, version):
    result = make_result(fixture_jobs["PassingJob"])
    response = v2_get(admin_api, result_url(result), version=version)
    assert_status(response, 200)
    assert response["API-Version"] == version
    assert response.json()["status"] == {"value": "SUCCESS", "label": "SUCCESS"}


def test_the_query_parameter_asks_for_the_2x_shape_too(admin_api, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"])
    response = admin_api.get(result_url(result), {"api_version": "2.4"})
    assert response["API-Version"] == "2.4"
    assert response.json()["status"]["value"] == "SUCCESS"


@pytest.mark.parametrize("version", ["2.9", "4.0", "banana"])
def test_an_unsupported_version_is_406_in_the_error_shape(admin_api, version):
    response = admin_api.get(RESULTS_URL, HTTP_ACCEPT=f"application/json; version={version}")
    assert_error_shape(response, 406, [])


def test_a_setting_makes_2x_the_default(admin_api, fixture_jobs, settings):
    settings.API_VERSION_DEFAULT = "2.4"
    result = make_result(fixture_jobs["PassingJob"])
    response = admin_api.get(result_url(result))
    assert response["API-Version"] == "2.4"
    assert response.json()["status"]["value"] == "SUCCESS"
    assert admin_api.get("/api/")["API-Version"] == "2.4"
    # and a 1.x client still gets its shapes by asking
    old = admin_api.get(result_url(result), HTTP_ACCEPT="application/json; version=1.3")
    assert old.json()["status"]["value"] == "completed"


def test_the_default_version_setting_is_read_from_the_environment(monkeypatch):
    from jobsplatform.env import api_version_setting

    allowed = ["1.2", "1.3", "2.4"]
    monkeypatch.delenv("JOBS_API_DEFAULT_VERSION", raising=False)
    assert api_version_setting("JOBS_API_DEFAULT_VERSION", "1.2", allowed) == "1.2"
    monkeypatch.setenv("JOBS_API_DEFAULT_VERSION", "2.4")
    assert api_version_setting("JOBS_API_DEFAULT_VERSION", "1.2", allowed) == "2.4"
    monkeypatch.setenv("JOBS_API_DEFAULT_VERSION", "2.9")
    with pytest.raises(ValueError, match="JOBS_API_DEFAULT_VERSION"):
        api_version_setting("JOBS_API_DEFAULT_VERSION", "1.2", allowed)


# --- job results ------------------------------------------------------------------------------------


def test_result_shape(admin_api, superuser, fixture_jobs):
    job = fixture_jobs["RenameDevices"]
    result = make_result(job, user=superuser, logs=3)
    body = v2_get(admin_api, result_url(result)).json()
    assert body["id"] == str(result.pk) and body["object_type"] == "extras.jobresult"
    assert body["url"].endswith(result_url(result))
    assert body["status"] == {"value": "SUCCESS", "label": "SUCCESS"}
    assert body["name"] == job.name
    assert body["task_name"] == f"{job.module_name}.{job.job_class_name}"
    assert body["date_created"] and body["date_started"] and body["date_done"]
    assert "created" not in body and "completed" not in body and "data" not in body
    assert body["result"] == "3 renamed"
    assert body["job_model"] == {
        "id": str(job.pk),
        "object_type": "extras.job",
        "url": f"http://testserver{reverse('extras-api:job-detail', kwargs={'pk': job.pk})}",
    }
    assert body["user"]["id"] == str(superuser.pk) and body["user"]["object_type"] == "users.user"
    assert body["scheduled_job"] is None
    assert body["info_log_count"] == 3 and body["error_log_count"] == 0
    assert body["files"] == []


def test_result_files_are_listed_as_2x_references(admin_api, fixture_jobs):
    from extras.models import FileProxy

    result = make_result(fixture_jobs["PassingJob"])
    stored = FileProxy.objects.store(result.pk, "report.csv", "a,b\n")
    files = v2_get(admin_api, result_url(result)).json()["files"]
    assert files == [
        {
            "id": str(stored.pk),
            "object_type": "extras.fileproxy",
            "url": f"http://testserver/api/extras/file-proxies/{stored.pk}/",
            "name": "report.csv",
            "size": 4,
            "download_url": f"http://testserver/api/extras/file-proxies/{stored.pk}/download/",
        }
    ]
    listed = v2_get(admin_api, RESULTS_URL).json()["results"]
    assert listed[0]["files"] == files


@pytest.mark.parametrize(
    ("ours", "celery_state"),
    [
        (Status.STATUS_PENDING, "PENDING"),
        (Status.STATUS_RUNNING, "STARTED"),
        (Status.STATUS_COMPLETED, "SUCCESS"),
        (Status.STATUS_FAILED, "FAILURE"),
        (Status.STATUS_ERRORED, "FAILURE"),
        (Status.STATUS_CANCELLED, "REVOKED"),
    ],
)
def test_statuses_are_celery_states(admin_api, fixture_jobs, ours, celery_state):
    result = make_result(fixture_jobs["PassingJob"], status=ours)
    assert v2_get(admin_api, result_url(result)).json()["status"] == {
        "value": celery_state,
        "label": celery_state,
    }


def test_results_filter_by_celery_state(admin_api, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    done = make_result(job)
    failed = make_result(job, status=Status.STATUS_FAILED)
    errored = make_result(job, status=Status.STATUS_ERRORED)
    make_result(job, status=Status.STATUS_PENDING)
    listed = v2_get(admin_api, RESULTS_URL, {"status": "FAILURE"}).json()
    assert {item["id"] for item in listed["results"]} == {str(failed.pk), str(errored.pk)}
    listed = v2_get(admin_api, RESULTS_URL, {"status": "SUCCESS"}).json()
    assert [item["id"] for item in listed["results"]] == [str(done.pk)]


def test_an_unknown_status_filter_is_400_naming_it(admin_api):
    assert_error_shape(v2_get(admin_api, RESULTS_URL, {"status": "DONE"}), 400, ["status"])


def test_result_logs_are_2x_log_entries(admin_api, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"], logs=2)
    lines = v2_get(admin_api, result_url(result, "logs/")).json()
    assert [line["message"] for line in lines] == ["line 1", "line 2"]
    first = lines[0]
    assert first["object_type"] == "extras.joblogentry"
    assert first["log_level"] == "info" and first["grouping"] == "run"
    assert (
        first["job_result"]["id"] == str(result.pk)
        and first["job_result"]["object_type"] == "extras.jobresult"
    )
    assert first["log_object"] == "" and first["absolute_url"] == ""
    assert first["created"] and first["url"].endswith(f"/api/extras/job-logs/{first['id']}/")


# --- job logs ---------------------------------------------------------------------------------------


def test_job_logs_filter_by_result_and_level(admin_api, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    result = make_result(job, logs=4)
    make_result(job, logs=3)
    lines = v2_get(admin_api, LOGS_URL, {"job_result": str(result.pk)}).json()
    assert lines["count"] == 4
    assert [line["message"] for line in lines["results"]] == ["line 1", "line 2", "line 3", "line 4"]
    warnings = v2_get(admin_api, LOGS_URL, {"job_result": str(result.pk), "log_level": "warning"}).json()
    assert [line["message"] for line in warnings["results"]] == ["line 2", "line 4"]
    assert {line["log_level"] for line in warnings["results"]} == {"warning"}
    grouped = v2_get(admin_api, LOGS_URL, {"job_result": str(result.pk), "grouping": "rename"}).json()
    assert grouped["count"] == 2


def test_job_logs_bad_filters_are_400_naming_the_parameter(admin_api):
    assert_error_shape(v2_get(admin_api, LOGS_URL, {"job_result": "not-a-uuid"}), 400, ["job_result"])
    assert_error_shape(v2_get(admin_api, LOGS_URL, {"log_level": "loud"}), 400, ["log_level"])


def test_job_logs_of_a_result_the_user_cannot_see_are_not_shown(
    user, token_client, grant_permission, fixture_jobs
):
    seen = make_result(fixture_jobs["PassingJob"], logs=2)
    unseen = make_result(fixture_jobs["FailingJob"], logs=2)
    grant_permission(user, Job, ["view"], {"module_name": "passing"})
    grant_permission(user, JobResult, ["view"])
    client = token_client(user)
    everything = v2_get(client, LOGS_URL).json()
    assert {line["job_result"]["id"] for line in everything["results"]} == {str(seen.pk)}
    asked = v2_get(client, LOGS_URL, {"job_result": str(unseen.pk)}).json()
    assert asked["count"] == 0 and asked["results"] == []
    assert_status(v2_get(client, result_url(unseen, "logs/")), 404)
    assert_status(v2_get(client, result_url(unseen)), 404)


def test_job_logs_list_costs_a_fixed_number_of_queries(
    admin_api, fixture_jobs, django_assert_max_num_queries
):
    result = make_result(fixture_jobs["PassingJob"], logs=60)
    with django_assert_max_num_queries(8):
        body = v2_get(admin_api, LOGS_URL, {"job_result": str(result.pk), "limit": 50}).json()
    assert len(body["results"]) == 50 and body["next"]
    with django_assert_max_num_queries(8):
        body = v2_get(admin_api, LOGS_URL, {"limit": 50}).json()
    assert len(body["results"]) == 50


# --- jobs -------------------------------------------------------------------------------------------


def test_job_list_and_detail_shape(admin_api, fixture_jobs):
    job = fixture_jobs["RenameDevices"]
    listed = v2_get(admin_api, "/api/extras/jobs/", {"name": job.name}).json()
    assert listed["count"] == 1
    body = listed["results"][0]
    assert body["id"] == str(job.pk) and body["object_type"] == "extras.job"
    assert body["name"] == "Rename devices" and body["module_name"] == job.module_name
    assert body["supports_dryrun"] is True and body["dryrun_default"] is True
    assert body["is_singleton"] is False
    assert "commit_default" not in body and "source" not in body
    detail = v2_get(admin_api, reverse("extras-api:job-detail", kwargs={"pk": job.pk})).json()
    assert detail["id"] == str(job.pk) and detail["supports_dryrun"] is True
    by_name = v2_get(admin_api, "/api/extras/jobs/Rename devices/").json()
    assert by_name["id"] == str(job.pk)


# --- running ----------------------------------------------------------------------------------------


@pytest.fixture
def runner(user, token_client, grant_permission):
    from dcim.models import Site

    grant_permission(user, Job, ["view", "run"])
    grant_permission(user, JobResult, ["view"])
    grant_permission(user, Site, ["view"])
    return token_client(user)


@pytest.fixture
def enabled(fixture_jobs):
    for job in fixture_jobs.values():
        job.enabled = True
        job.save()
    return fixture_jobs


def test_run_answers_201_with_the_full_result_and_no_scheduled_job(runner, user, enabled, worker_heartbeat):
    job = enabled["CheckVendors"]
    response = v2_post(runner, run_url(job), {"data": {"expected": ["Acme"]}})
    assert_status(response, 201)
    assert response["API-Version"] == "2.4"
    body = response.json()
    assert set(body) == {"job_result", "scheduled_job"}
    assert body["scheduled_job"] is None
    result = JobResult.objects.get()
    assert body["job_result"]["id"] == str(result.pk)
    assert body["job_result"]["status"] == {"value": "PENDING", "label": "PENDING"}
    assert body["job_result"]["task_kwargs"] == {"expected": ["Acme"], "threshold": 0}
    assert (result.job_model, result.user) == (job, user)


def test_run_by_name(runner, enabled, worker_heartbeat):
    response = v2_post(runner, "/api/extras/jobs/Check vendors/run/", {"data": {"expected": ["Acme"]}})
    assert_status(response, 201)
    assert JobResult.objects.get().job_model == enabled["CheckVendors"]


def test_a_dry_run_goes_through_data_dryrun(runner, enabled, worker_heartbeat):
    from dcim.models import Site

    site = Site.objects.create(name="Berlin", slug="berlin")
    job = enabled["RenameDevices"]
    response = v2_post(runner, run_url(job), {"data": {"site": str(site.pk), "prefix": "x-", "dryrun": True}})
    assert_status(response, 201)
    assert JobResult.objects.get().commit is False
    response = v2_post(
        runner, run_url(job), {"data": {"site": str(site.pk), "prefix": "x-", "dryrun": False}}
    )
    assert_status(response, 201)
    assert JobResult.objects.order_by("-created").first().commit is True


def test_commit_is_not_part_of_the_2x_body(runner, enabled, worker_heartbeat):
    response = v2_post(
        runner, run_url(enabled["CheckVendors"]), {"data": {"expected": ["Acme"]}, "commit": "maybe"}
    )
    assert_status(response, 201)  # an unknown key, ignored as Nautobot 2.x does


def test_a_schedule_answers_with_the_scheduled_job(runner, enabled, worker_heartbeat):
    start = (timezone.now() + timezone.timedelta(hours=1)).isoformat()
    body = {
        "data": {"expected": ["Acme"]},
        "schedule": {"name": "nightly vendors", "interval": "daily", "start_time": start},
    }
    response = v2_post(runner, run_url(enabled["CheckVendors"]), body)
    assert_status(response, 201)
    answer = response.json()
    assert answer["job_result"] is None
    assert answer["scheduled_job"]["name"] == "nightly vendors"
    assert answer["scheduled_job"]["object_type"] == "extras.scheduledjob"
    assert not JobResult.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"data": "not an object"}, "data"),
        ({"data": {"expected": "[oops"}}, "expected"),
        ({"data": {"expected": ["Acme"]}, "task_queue": "nowhere"}, "task_queue"),
        ({"data": {"expected": ["Acme"]}, "schedule": {"interval": "sometimes"}}, "schedule.interval"),
        ({"data": {"expected": ["Acme"]}, "schedule": "tomorrow"}, "schedule"),
    ],
)
def test_bad_input_is_400_naming_the_field(runner, enabled, worker_heartbeat, body, field):
    response = v2_post(runner, run_url(enabled["CheckVendors"]), body)
    assert_error_shape(response, 400, [field])
    assert not JobResult.objects.exists()


def test_run_refusals_are_those_of_the_1x_endpoint(
    user, token_client, grant_permission, enabled, worker_heartbeat
):
    job = enabled["CheckVendors"]
    grant_permission(user, Job, ["view"])
    assert_error_shape(v2_post(token_client(user), run_url(job), {"data": {"expected": ["Acme"]}}), 403, [])
    other = token_client(type(user).objects.create(username="nobody"))
    assert_error_shape(v2_post(other, run_url(job), {"data": {"expected": ["Acme"]}}), 403, [])
    assert not JobResult.objects.exists()


def test_a_job_needing_approval_answers_with_the_request_as_scheduled_job(runner, enabled, worker_heartbeat):
    response = v2_post(runner, run_url(enabled["ApprovalJob"]), {"data": {"note": "hi"}})
    assert_status(response, 201)
    body = response.json()
    assert body["job_result"] is None
    assert body["scheduled_job"]["job_model"]["id"] == str(enabled["ApprovalJob"].pk)
    assert not JobResult.objects.exists()


def test_a_dry_run_of_a_job_needing_approval_runs_now(runner, enabled, worker_heartbeat):
    from dcim.models import Site

    job = enabled["RenameDevices"]
    job.approval_required = True
    job.approval_required_override = True
    job.save()
    site = Site.objects.create(name="Berlin", slug="berlin")
    response = v2_post(runner, run_url(job), {"data": {"site": str(site.pk), "prefix": "x-", "dryrun": True}})
    assert_status(response, 201)
    assert response.json()["scheduled_job"] is None
    assert response.json()["job_result"]["status"]["value"] == "PENDING"


def test_editing_a_job_in_2x_answers_the_2x_shape(admin_api, fixture_jobs):
    job = fixture_jobs["CheckVendors"]
    url = reverse("extras-api:job-detail", kwargs={"pk": job.pk})
    response = admin_api.patch(url, {"enabled": True}, format="json", HTTP_ACCEPT=V2)
    assert_status(response, 200)
    assert response.json()["enabled"] is True and response.json()["object_type"] == "extras.job"
    job.refresh_from_db()
    assert job.enabled


def test_variables_by_name_in_2x(admin_api, fixture_jobs):
    variables = v2_get(admin_api, "/api/extras/jobs/Check vendors/variables/").json()
    assert [variable["name"] for variable in variables] == ["expected", "threshold"]
    assert variables[0]["type"] == "JSONVar" and variables[1]["default"] == 0


def test_wait_answers_the_2x_result(runner, enabled, worker_heartbeat):
    url = run_url(enabled["CheckVendors"]) + "?wait=0.2"
    response = v2_post(runner, url, {"data": {"expected": ["Acme"]}})
    assert_status(response, 201)
    assert response.json()["job_result"]["status"] == {"value": "PENDING", "label": "PENDING"}
    assert response.json()["job_result"]["date_created"]
