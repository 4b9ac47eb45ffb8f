"""Schedules fired by a real beat process and run by a real worker: every kind, exactly once, missed runs.

No test waits for minutes: schedules are created a few seconds before their occurrence (the model
allows it; the API asks for 15 s of lead), and a custom crontab's occurrence is brought forward by
setting its next run, as if its minute had come.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobLogEntry, JobResult, ScheduledJob
from extras.schedules.scheduling import ScheduleRequest, create_schedule
from tests.runs import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

LEAD = timedelta(seconds=3)


def schedule_of(job, interval, start_time, name=None, **options) -> ScheduledJob:
    return create_schedule(
        job,
        ScheduleRequest(interval=interval, name=name or interval, start_time=start_time, **options),
        user=None,
        data={"manufacturer_name": "Acme", "model_name": ""},
        commit=False,
        task_queue="default",
    )


def wait_for_results(schedules, count: int = 1, timeout: float = 60, beats=()) -> dict:
    def finished() -> dict:
        return {
            schedule.pk: list(JobResult.objects.filter(schedule=schedule, status__in=Status.TERMINAL))
            for schedule in schedules
        }

    def all_ran():
        results = finished()
        return results if all(len(runs) >= count for runs in results.values()) else None

    try:
        return wait_for(all_ran, timeout, interval=0.1, message=f"{count} run(s) of every schedule")
    except AssertionError as error:
        logs = "\n".join(beat.log()[-3000:] for beat in beats)
        raise AssertionError(f"{error}: {finished()}\n{logs}") from None


def test_every_interval_kind_fires_through_beat_and_runs_on_a_worker(
    celery_worker, start_celery_beat, fixture_jobs
):
    job = fixture_jobs["CreateManufacturerJob"]
    start = (timezone.now() + LEAD).replace(microsecond=0)
    schedules = {
        "future": schedule_of(job, "future", start),
        "hourly": schedule_of(job, "hourly", start),
        "daily": schedule_of(job, "daily", start),
        "weekly": schedule_of(job, "weekly", start),
        "custom": schedule_of(job, "custom", None, crontab="*/5 * * * *"),
    }
    ScheduledJob.objects.filter(pk=schedules["custom"].pk).update(next_run_at=start)
    beat = start_celery_beat()
    finished = wait_for_results(schedules.values(), beats=[beat])
    for kind, schedule in schedules.items():
        [result] = finished[schedule.pk]
        assert result.status == Status.STATUS_COMPLETED, (kind, result.status)
        assert result.scheduled_for == start, kind
        schedule.refresh_from_db()
        assert schedule.total_run_count == 1, kind
    upcoming = {kind: ScheduledJob.objects.get(pk=s.pk).next_run_at for kind, s in schedules.items()}
    assert upcoming["future"] is None
    assert upcoming["hourly"] == start + timedelta(hours=1)
    assert upcoming["daily"] == start.replace(second=0) + timedelta(days=1)
    assert upcoming["weekly"] == start.replace(second=0) + timedelta(days=7)
    assert upcoming["custom"].minute % 5 == 0 and upcoming["custom"] > start


def test_two_beats_by_mistake_still_run_each_occurrence_once(celery_worker, start_celery_beat, fixture_jobs):
    job = fixture_jobs["CreateManufacturerJob"]
    first = timezone.now() + timedelta(seconds=5)
    schedules = [
        schedule_of(job, "hourly", first + timedelta(milliseconds=250 * index), name=f"s{index}")
        for index in range(8)
    ]
    beats = [start_celery_beat(), start_celery_beat()]
    wait_for_results(schedules, beats=beats)
    for beat in beats:
        beat.wait_ticks()  # a duplicate, if either beat made one, exists once both have ticked again
    for schedule in schedules:
        assert JobResult.objects.filter(schedule=schedule).count() == 1
        assert ScheduledJob.objects.get(pk=schedule.pk).total_run_count == 1


def test_a_schedule_missed_while_beat_was_down_runs_once_on_restart(
    celery_worker, start_celery_beat, fixture_jobs
):
    job = fixture_jobs["CreateManufacturerJob"]
    three_days_ago = timezone.now() - timedelta(days=3)
    schedule = schedule_of(job, "hourly", three_days_ago)
    beat = start_celery_beat()
    [result] = wait_for_results([schedule], beats=[beat])[schedule.pk]
    beat.wait_ticks()  # a second run for a missed occurrence would have been fired by then
    assert JobResult.objects.filter(schedule=schedule).count() == 1
    note = JobLogEntry.objects.filter(job_result_id=result.pk).order_by("sequence").first()
    assert "starts late" in note.message and "later occurrence(s) were missed too" in note.message
    schedule.refresh_from_db()
    assert timezone.now() < schedule.next_run_at <= timezone.now() + timedelta(hours=1)


def test_a_manual_run_does_not_disturb_the_schedule(celery_worker, fixture_jobs):
    from extras.engine.services import RunRequest, submit_job

    job = fixture_jobs["CreateManufacturerJob"]
    schedule = schedule_of(job, "daily", timezone.now() + timedelta(hours=2))
    before = ScheduledJob.objects.values("next_run_at", "last_run_at", "total_run_count").get(pk=schedule.pk)
    submit_job(RunRequest(job=job, data={"manufacturer_name": "Manual"}, commit=False, source="cli"))
    assert (
        ScheduledJob.objects.values("next_run_at", "last_run_at", "total_run_count").get(pk=schedule.pk)
        == before
    )


def test_an_approved_run_now_request_runs_on_the_worker(celery_worker, fixture_jobs, grant_permission):
    from extras.schedules.approvals import approve_scheduled_job
    from tests.factories.users import UserFactory

    requester, approver = UserFactory(), UserFactory()
    grant_permission(requester, type(fixture_jobs["ApprovalJob"]), ["view", "run"])
    grant_permission(approver, type(fixture_jobs["ApprovalJob"]), ["view", "approve"])
    schedule = create_schedule(
        fixture_jobs["ApprovalJob"],
        ScheduleRequest(interval="immediately"),
        user=requester,
        data={"note": "approved"},
        commit=True,
        task_queue="default",
    )
    approve_scheduled_job(schedule, approver)
    [result] = wait_for_results([schedule])[schedule.pk]
    assert result.status == Status.STATUS_COMPLETED
    assert result.output == "\napproved" and result.user == requester
