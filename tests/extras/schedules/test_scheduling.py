"""Firing schedules in process: each occurrence once, missed runs once with a note, refusals recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobLogEntry, JobResult, ScheduledJob
from extras.schedules.scheduling import (
    ScheduleRequest,
    create_schedule,
    dispatch_due_schedules,
    fire_schedule,
    seconds_until_next_due,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(fixture_jobs) -> Job:
    return fixture_jobs["CreateManufacturerJob"]


def schedule_of(job, interval, start_time, user=None, **options) -> ScheduledJob:
    return create_schedule(
        job,
        ScheduleRequest(interval=interval, name=f"{interval} test", start_time=start_time, **options),
        user=user,
        data={"manufacturer_name": "Acme", "model_name": ""},
        commit=False,
        task_queue="default",
    )


def in_five_minutes():
    """On a whole minute: daily and weekly schedules repeat at minute resolution, like cron."""
    return (timezone.now() + timedelta(minutes=5)).replace(second=0, microsecond=0)


def messages(result) -> list[str]:
    return list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values_list("message", flat=True)
    )


def test_nothing_fires_before_its_time(job):
    schedule_of(job, "future", timezone.now() + timedelta(hours=1))
    assert dispatch_due_schedules() == []


def test_a_due_one_off_fires_once_and_is_done(job, user, grant_permission):
    grant_permission(user, Job, ["run"])
    start = timezone.now() + timedelta(minutes=5)
    schedule = schedule_of(job, "future", start, user=user)
    [result] = dispatch_due_schedules(now=start + timedelta(seconds=1))
    assert (result.schedule_id, result.scheduled_for, result.user) == (schedule.pk, start, user)
    assert result.job_kwargs["data"]["manufacturer_name"] == "Acme"
    schedule.refresh_from_db()
    assert schedule.next_run_at is None and schedule.total_run_count == 1
    assert dispatch_due_schedules(now=start + timedelta(days=1)) == []


def test_a_recurring_schedule_moves_to_its_next_occurrence(job):
    start = in_five_minutes()
    schedule = schedule_of(job, "daily", start)
    dispatch_due_schedules(now=start)
    schedule.refresh_from_db()
    assert schedule.next_run_at == start + timedelta(days=1)
    assert schedule.last_run_at == start


def test_a_stale_copy_of_the_schedule_cannot_fire_the_same_occurrence_again(job):
    """What a second beat process holds: the row as it was before the first one fired it."""
    start = timezone.now() + timedelta(minutes=5)
    schedule = schedule_of(job, "hourly", start)
    stale = ScheduledJob.objects.get(pk=schedule.pk)
    assert fire_schedule(schedule, now=start) is not None
    assert fire_schedule(stale, now=start) is None
    assert JobResult.objects.filter(schedule=schedule).count() == 1


def test_a_schedule_missed_for_days_runs_once_and_says_so(job):
    start = timezone.now() + timedelta(minutes=5)
    schedule = schedule_of(job, "hourly", start)
    restart = start + timedelta(days=2, minutes=10)
    [result] = dispatch_due_schedules(now=restart)
    assert JobResult.objects.count() == 1
    [note] = messages(result)
    assert "starts late" in note and "48 later occurrence(s) were missed too" in note
    schedule.refresh_from_db()
    assert schedule.next_run_at == start + timedelta(days=2, hours=1)


def test_a_run_a_few_seconds_late_has_no_note(job):
    start = timezone.now() + timedelta(minutes=5)
    schedule_of(job, "hourly", start)
    [result] = dispatch_due_schedules(now=start + timedelta(seconds=3))
    assert messages(result) == []


def test_a_schedule_whose_job_was_disabled_records_an_errored_run(job):
    start = in_five_minutes()
    schedule = schedule_of(job, "daily", start)
    Job.objects.filter(pk=job.pk).update(enabled=False)
    [result] = dispatch_due_schedules(now=start)
    assert result.status == Status.STATUS_ERRORED
    assert messages(result) == ["The scheduled run could not start: This job is not enabled to be run."]
    assert result.failure_count == 1
    schedule.refresh_from_db()
    assert schedule.next_run_at == start + timedelta(days=1)  # it keeps its rhythm


def test_stored_input_that_no_longer_validates_records_an_errored_run(job):
    start = timezone.now() + timedelta(minutes=5)
    schedule = schedule_of(job, "future", start)
    ScheduledJob.objects.filter(pk=schedule.pk).update(kwargs={"data": {}, "commit": False})
    [result] = dispatch_due_schedules(now=start)
    assert result.status == Status.STATUS_ERRORED
    assert "manufacturer_name" in messages(result)[0]


def test_disabled_and_unapproved_schedules_do_not_fire(job, fixture_jobs):
    start = timezone.now() + timedelta(minutes=5)
    paused = schedule_of(job, "future", start)
    ScheduledJob.objects.filter(pk=paused.pk).update(enabled=False)
    schedule_of(fixture_jobs["ApprovalJob"], "future", start)
    assert dispatch_due_schedules(now=start + timedelta(minutes=1)) == []


def test_the_dispatcher_sleeps_until_the_next_due_schedule(job):
    now = timezone.now()
    assert seconds_until_next_due(now, longest=1.0) == 1.0
    schedule_of(job, "future", now + timedelta(seconds=30))
    assert seconds_until_next_due(now, longest=60.0) == pytest.approx(30, abs=0.01)


def test_a_requester_who_may_no_longer_run_the_job_gets_a_refused_run(job, user, grant_permission):
    """A schedule runs as its requester: losing the permission (or the account) stops it."""
    start = in_five_minutes()
    schedule_of(job, "daily", start, user=user)
    [result] = dispatch_due_schedules(now=start)
    assert result.status == Status.STATUS_ERRORED
    assert messages(result) == [f"The scheduled run could not start: {user} may no longer run this job."]
    grant_permission(user, Job, ["run"])
    user.is_active = False
    user.save()
    [result] = dispatch_due_schedules(now=start + timedelta(days=1))
    assert result.status == Status.STATUS_ERRORED


def test_an_occurrence_that_already_has_its_run_moves_the_schedule_on(job):
    """A stale next_run_at written back (a concurrent edit) must not wedge the schedule forever."""
    start = in_five_minutes()
    schedule = schedule_of(job, "daily", start)
    dispatch_due_schedules(now=start)
    ScheduledJob.objects.filter(pk=schedule.pk).update(next_run_at=start)  # the stale value returns
    assert dispatch_due_schedules(now=start + timedelta(seconds=5)) == []
    schedule.refresh_from_db()
    assert schedule.next_run_at == start + timedelta(days=1)
    assert JobResult.objects.filter(schedule=schedule).count() == 1


def test_one_schedule_that_cannot_be_fired_does_not_hold_up_the_others(job):
    start = in_five_minutes()
    broken = schedule_of(job, "custom", None, crontab="*/5 * * * *")
    ScheduledJob.objects.filter(pk=broken.pk).update(
        next_run_at=start - timedelta(minutes=1), time_zone="Nowhere/City"
    )
    healthy = schedule_of(job, "future", start)
    fired = dispatch_due_schedules(now=start)
    assert [result.schedule_id for result in fired] == [healthy.pk]
