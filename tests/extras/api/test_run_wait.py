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


@pytest.mark.django_db(transaction=True)
def test_a_waiting_request_wakes_when_the_run_ends_without_polling(fixture_jobs, monkeypatch):
    """With the safety poll out of reach, only the database's notification can end the wait in time."""
    import threading

    from extras.choices import JobResultStatusChoices as Status
    from extras.engine.services import RunRequest, submit_job

    monkeypatch.setattr(waiting, "SAFETY_POLL", 60.0)
    result = submit_job(RunRequest(job=fixture_jobs["PassingJob"], source="cli", enqueue=False)).job_result

    def finish_once_listening():
        from django.db import connections

        assert waiting.finished_runs.listening.wait(30)
        result.mark_running("here:1")
        result.mark_finished(Status.STATUS_COMPLETED)
        connections.close_all()  # this thread's own connections

    finisher = threading.Thread(target=finish_once_listening)
    finisher.start()
    waited = waiting.wait_for_result(result, timeout=30)
    finisher.join()

    assert waited.status == Status.STATUS_COMPLETED
