"""The reaper ends runs that can no longer finish, with a line naming the cause (in-process, fabricated rows)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobLogEntry, JobResult, RunHeartbeat, WorkerHeartbeat
from extras.reaper import reap_lost_runs
from extras.services import submit_job

pytestmark = pytest.mark.django_db(transaction=True)


def pending(job) -> JobResult:
    return submit_job(job, source="cli", enqueue=False).job_result


def last_message(result) -> str:
    return JobLogEntry.objects.filter(job_result_id=result.pk).order_by("-sequence").first().message


def test_a_running_result_with_a_stale_heartbeat_ends_errored_as_worker_lost(fixture_jobs):
    result = pending(fixture_jobs["SlowJob"])
    result.mark_running("host:123")
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="host:123", beat=timezone.now() - timedelta(minutes=1)
    )
    assert reap_lost_runs() == [result]
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert last_message(result).startswith("Worker lost: host:123 stopped sending heartbeats")
    assert result.failure_count == 1


def test_a_running_result_with_a_fresh_heartbeat_is_left_running(fixture_jobs):
    result = pending(fixture_jobs["SlowJob"])
    result.mark_running("host:123")
    RunHeartbeat.objects.create(job_result_id=result.pk, worker="host:123", beat=timezone.now())
    assert reap_lost_runs() == []
    assert JobResult.objects.get(pk=result.pk).status == Status.STATUS_RUNNING


def test_a_run_past_its_time_limit_is_reported_as_such(fixture_jobs):
    job = fixture_jobs["SlowJob"]
    type(job).objects.filter(pk=job.pk).update(time_limit=5, time_limit_override=True)
    result = pending(job)
    result.mark_running("host:9")
    JobResult.objects.filter(pk=result.pk).update(started=timezone.now() - timedelta(seconds=60))
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="host:9", beat=timezone.now() - timedelta(seconds=50)
    )
    reap_lost_runs()
    assert (
        last_message(result)
        == "The job hit its time limit of 5 seconds and its worker process (host:9) was stopped."
    )


def test_a_pending_run_claimed_by_a_vanished_worker_is_handed_out_again_once(fixture_jobs, monkeypatch):
    sent = []
    monkeypatch.setattr("extras.tasks.send_run_job", lambda result, **kwargs: sent.append(result.pk))
    result = pending(fixture_jobs["SlowJob"])
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="gone@host", beat=timezone.now() - timedelta(minutes=1)
    )
    reap_lost_runs()
    result.refresh_from_db()
    assert sent == [result.pk]
    assert (result.status, result.attempts) == (Status.STATUS_PENDING, 1)
    assert "was lost before starting this run" in last_message(result)
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="gone@host", beat=timezone.now() - timedelta(minutes=1)
    )
    reap_lost_runs()
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert last_message(result).endswith("died before starting it; it was already retried once.")


def test_a_lost_pending_run_whose_inputs_were_not_stored_is_ended_with_that_reason(fixture_jobs):
    result = pending(fixture_jobs["PassingJob"])  # sensitive by default: inputs never stored
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="gone@host", beat=timezone.now() - timedelta(minutes=1)
    )
    reap_lost_runs()
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert "inputs were not stored (sensitive variables), so it cannot be retried" in last_message(result)


def test_a_pending_run_nobody_listens_for_is_abandoned_after_the_timeout(fixture_jobs):
    result = pending(fixture_jobs["PassingJob"])
    JobResult.objects.filter(pk=result.pk).update(created=timezone.now() - timedelta(hours=1))
    reap_lost_runs()
    result.refresh_from_db()
    assert result.status == Status.STATUS_ERRORED
    assert 'No worker has been listening on queue "default"' in last_message(result)


def test_a_pending_run_waiting_for_a_live_worker_is_left_alone(fixture_jobs):
    WorkerHeartbeat.objects.create(hostname="alive@host", queues=["default"], beat=timezone.now())
    result = pending(fixture_jobs["PassingJob"])
    JobResult.objects.filter(pk=result.pk).update(created=timezone.now() - timedelta(hours=1))
    assert reap_lost_runs() == []
    assert JobResult.objects.get(pk=result.pk).status == Status.STATUS_PENDING


def test_heartbeats_left_behind_by_finished_runs_are_removed(fixture_jobs):
    result = pending(fixture_jobs["PassingJob"])
    result.mark_running("host:1")
    result.mark_finished(Status.STATUS_COMPLETED)
    RunHeartbeat.objects.create(
        job_result_id=result.pk, worker="host:1", beat=timezone.now() - timedelta(minutes=5)
    )
    reap_lost_runs()
    assert not RunHeartbeat.objects.exists()
