"""`Idempotency-Key` on run requests: one run per key and user, the first answer replayed for a day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from extras.models import IdempotencyRecord, Job, JobResult
from tests.api_base import assert_status

pytestmark = pytest.mark.django_db


def run_url(job: Job) -> str:
    return reverse("extras-api:job-run", kwargs={"pk": job.pk})


def post(client, job, body, key, **extra):
    return client.post(run_url(job), body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


def test_a_repeated_key_replays_the_first_answer_without_a_second_run(
    admin_api, fixture_jobs, worker_heartbeat
):
    job = fixture_jobs["PassingJob"]
    first = post(admin_api, job, {"commit": False}, "retry-1")
    assert_status(first, 201)
    again = post(admin_api, job, {"commit": False}, "retry-1")
    assert_status(again, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert JobResult.objects.filter(job_model=job).count() == 1


def test_the_class_path_form_replays_too(admin_api, fixture_jobs, worker_heartbeat):
    url = "/api/extras/jobs/local/passing/PassingJob/run/"
    first = admin_api.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    again = admin_api.post(url, {}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert_status(again, 200)
    assert again.json()["result"]["id"] == first.json()["result"]["id"]
    assert JobResult.objects.count() == 1


def test_without_a_key_every_request_runs(admin_api, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["PassingJob"]
    admin_api.post(run_url(job), {}, format="json")
    admin_api.post(run_url(job), {}, format="json")
    assert JobResult.objects.count() == 2


def test_the_same_key_from_another_user_is_another_request(
    admin_api, user, token_client, grant_permission, fixture_jobs, worker_heartbeat
):
    grant_permission(user, Job, ["view", "run"])
    job = fixture_jobs["PassingJob"]
    assert_status(post(admin_api, job, {}, "shared"), 201)
    assert_status(post(token_client(user), job, {}, "shared"), 201)
    assert JobResult.objects.count() == 2


def test_a_key_reused_for_different_input_is_422(admin_api, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["PassingJob"]
    post(admin_api, job, {"commit": False}, "k")
    response = post(admin_api, job, {"commit": True}, "k")
    assert_status(response, 422)
    assert "different request" in response.json()["detail"]
    assert JobResult.objects.count() == 1


def test_a_refused_request_does_not_use_up_its_key(admin_api, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["PassingJob"]
    assert_status(post(admin_api, job, {"task_queue": "nowhere"}, "k"), 400)
    assert not IdempotencyRecord.objects.exists()
    assert_status(post(admin_api, job, {"task_queue": "nowhere"}, "k"), 400)


def test_a_key_still_in_progress_is_409(admin_api, superuser, fixture_jobs, worker_heartbeat):
    from extras.api.idempotency import fingerprint

    job = fixture_jobs["PassingJob"]
    body = b'{"commit": false}'
    IdempotencyRecord.objects.create(
        user=superuser, key="busy", fingerprint=fingerprint("POST", run_url(job), "1.2", body)
    )
    response = admin_api.post(
        run_url(job), body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="busy"
    )
    assert_status(response, 409)
    assert JobResult.objects.count() == 0


def test_a_key_older_than_a_day_runs_again(admin_api, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["PassingJob"]
    post(admin_api, job, {}, "old")
    record = IdempotencyRecord.objects.get()
    IdempotencyRecord.objects.filter(pk=record.pk).update(created=record.created - timedelta(hours=25))
    assert_status(post(admin_api, job, {}, "old"), 201)
    assert JobResult.objects.count() == 2


@pytest.mark.parametrize("key", ["", " ", "x" * 256])
def test_an_unusable_key_is_400(admin_api, fixture_jobs, worker_heartbeat, key):
    response = post(admin_api, fixture_jobs["PassingJob"], {}, key)
    assert_status(response, 400)
    assert "Idempotency-Key" in response.json()["detail"]
    assert JobResult.objects.count() == 0


def test_a_first_request_that_died_without_answering_frees_its_key(
    admin_api, superuser, fixture_jobs, worker_heartbeat
):
    from extras.api.idempotency import ABANDONED_AFTER, fingerprint

    job = fixture_jobs["PassingJob"]
    body = b'{"commit": false}'
    record = IdempotencyRecord.objects.create(
        user=superuser, key="died", fingerprint=fingerprint("POST", run_url(job), "1.2", body)
    )
    IdempotencyRecord.objects.filter(pk=record.pk).update(created=record.created - ABANDONED_AFTER)
    response = admin_api.post(
        run_url(job), body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="died"
    )
    assert_status(response, 201)
    assert JobResult.objects.count() == 1


def test_the_same_key_with_another_query_or_version_is_another_request(
    admin_api, fixture_jobs, worker_heartbeat
):
    job = fixture_jobs["PassingJob"]
    post(admin_api, job, {}, "k")
    response = admin_api.post(run_url(job) + "?wait=0", {}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert_status(response, 422)
    response = post(admin_api, job, {}, "k", HTTP_ACCEPT="application/json; version=1.3")
    assert_status(response, 422)
