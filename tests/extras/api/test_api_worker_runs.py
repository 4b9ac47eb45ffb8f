"""A run requested through the API, executed by a real Celery worker, then read back through the API."""

from __future__ import annotations

import pytest
import requests

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult
from tests.api_base import assert_status
from tests.factories.users import token_for
from tests.runs import poll_terminal
from tests.web_server import web_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


def test_a_run_through_the_api_ends_and_its_logs_are_readable(celery_worker, fixture_jobs, admin_client):
    job = fixture_jobs["PassingJob"]
    response = admin_client.post(f"/api/extras/jobs/{job.pk}/run/", {"commit": False}, format="json")
    assert_status(response, 201)
    result = poll_terminal(admin_client, response.json()["job_result"]["url"])
    assert result["status"]["value"] == Status.STATUS_COMPLETED
    assert result["output"] == "\nNice job!"
    logs = admin_client.get(result["url"] + "logs/").json()
    assert logs[-1]["message"] == "Cleaning up" and logs[-1]["grouping"] == "post_run"
    assert result["counters"]["success"] == sum(line["log_level"]["value"] == "success" for line in logs)
    listed = admin_client.get("/api/extras/job-logs/", {"job_result": result["id"], "limit": 0}).json()
    assert [line["id"] for line in listed["results"]] == [line["id"] for line in logs]


def test_a_legacy_class_path_run_reports_its_result_through_the_job_class(
    celery_worker, fixture_jobs, admin_client
):
    response = admin_client.post("/api/extras/jobs/local/failing/FailingJob/run/", {}, format="json")
    assert_status(response, 200)
    result = poll_terminal(admin_client, response.json()["result"]["url"])
    assert result["status"]["value"] == Status.STATUS_FAILED
    detail = admin_client.get("/api/extras/jobs/local/failing/FailingJob/").json()
    assert detail["result"]["id"] == result["id"]


def test_wait_answers_with_the_finished_result_in_one_call(celery_worker, fixture_jobs, admin_client):
    job = fixture_jobs["PassingJob"]
    response = admin_client.post(f"/api/extras/jobs/{job.pk}/run/?wait=30", {"commit": False}, format="json")
    assert_status(response, 201)
    result = response.json()["job_result"]
    assert result["status"]["value"] == Status.STATUS_COMPLETED
    assert result["output"] == "\nNice job!"
    assert result["counters"]["success"] == 2


def test_wait_that_expires_answers_with_the_running_result(celery_worker, fixture_jobs, admin_client):
    job = fixture_jobs["SlowJob"]
    response = admin_client.post(
        f"/api/extras/jobs/{job.pk}/run/?wait=0.5", {"data": {"seconds": 5}}, format="json"
    )
    assert_status(response, 201)
    assert response.json()["job_result"]["status"]["value"] in Status.ACTIVE
    poll_terminal(admin_client, response.json()["job_result"]["url"])


def test_wait_on_the_class_path_form(celery_worker, fixture_jobs, admin_client):
    response = admin_client.post("/api/extras/jobs/local/failing/FailingJob/run/?wait=30", {}, format="json")
    assert_status(response, 200)
    assert response.json()["result"]["status"]["value"] == Status.STATUS_FAILED


def test_a_broker_that_is_down_is_503_at_once_and_leaves_no_result(
    celery_worker, fixture_jobs, superuser, tmp_path
):
    token = token_for(superuser)
    with web_server(tmp_path, {"CELERY_BROKER_URL": "redis://:s3cret-pw@127.0.0.1:9/0"}) as base_url:
        # Twice: the second request must not wait on what the first left behind. "At once" is a stall check,
        # not a speed figure: a request held longer than the broker's few seconds of retries times out here.
        answers = [
            requests.post(
                f"{base_url}/api/extras/jobs/local/passing/PassingJob/run/",
                json={"commit": False},
                headers={"Authorization": f"Token {token}"},
                timeout=15,
            )
            for _ in range(2)
        ]
        page = requests.get(
            f"{base_url}/api/extras/job-results/", headers={"Authorization": f"Token {token}"}
        )
    for response in answers:
        assert response.status_code == 503, response.text
        assert "task broker is unreachable (redis://…)" in response.json()["detail"]
        assert "s3cret-pw" not in response.text
    assert page.status_code == 200 and page.json()["count"] == 0
    assert not JobResult.objects.exists()
