"""`?wait=`: at most JOBS_API_MAX_CONCURRENT_WAITS requests of one process wait; the others answer at once."""

from __future__ import annotations

import pytest

from extras.api import waiting
from tests.api_base import assert_status

pytestmark = pytest.mark.django_db


def test_a_request_beyond_the_waiting_places_answers_at_once(admin_client, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["PassingJob"]
    assert waiting._waiting.acquire(blocking=False)  # another request holds this process's one place
    try:
        response = admin_client.post(f"/api/extras/jobs/{job.pk}/run/?wait=30", {}, format="json")
    finally:
        waiting._waiting.release()
    assert_status(response, 201)
    assert "poll the result" in response["Wait-Skipped"]
    assert response.json()["job_result"]["status"]["value"] == "pending"


def test_with_a_free_place_the_request_waits(admin_client, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["PassingJob"]
    # Inside the test's transaction the run is never sent, so the wait runs out after its time.
    response = admin_client.post(f"/api/extras/jobs/{job.pk}/run/?wait=0.3", {}, format="json")
    assert_status(response, 201)
    assert "Wait-Skipped" not in response
