"""A run requested through the API, executed by a real Celery worker, then read back through the API."""

from __future__ import annotations

import time

import pytest

from extras.choices import JobResultStatusChoices as Status
from tests.api_base import assert_status

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


def poll_until_terminal(client, url: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(url).json()
        if body["status"]["value"] in Status.TERMINAL:
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url} did not end within {timeout} s; last seen {body['status']}")


def test_a_run_through_the_api_ends_and_its_logs_are_readable(celery_worker, fixture_jobs, admin_client):
    job = fixture_jobs["PassingJob"]
    response = admin_client.post(f"/api/extras/jobs/{job.pk}/run/", {"commit": False}, format="json")
    assert_status(response, 201)
    result = poll_until_terminal(admin_client, response.json()["job_result"]["url"])
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
    result = poll_until_terminal(admin_client, response.json()["result"]["url"])
    assert result["status"]["value"] == Status.STATUS_FAILED
    detail = admin_client.get("/api/extras/jobs/local/failing/FailingJob/").json()
    assert detail["result"]["id"] == result["id"]
