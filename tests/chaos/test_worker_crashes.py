"""Workers that die, are stopped, or run out of time: every run ends right, with its cause, exactly once."""

from __future__ import annotations

import os
import signal
import time

import pytest

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from tests.runs import (
    messages,
    pool_process_of,
    route,
    status_of,
    submit,
    wait_for,
    wait_running,
    wait_terminal,
    wait_worker_monitor_passes,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery, pytest.mark.chaos]


def test_a_killed_pool_process_ends_its_run_at_once_naming_the_cause(
    celery_worker, fixture_jobs, chaos_report
):
    result = submit(fixture_jobs["SlowJob"], {"seconds": 120})
    pid = pool_process_of(result)
    wait_running(result)

    killed_at = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    ended = wait_terminal(result, timeout=60)
    chaos_report["pool process SIGKILL -> run errored"] = time.monotonic() - killed_at

    assert ended.status == Status.STATUS_ERRORED
    # Celery's own report of the lost process ended it, not the heartbeat reaper (which waits 20 s).
    assert messages(ended)[-1].startswith("Worker lost: the process running this job died (`Worker exited")


def test_a_run_at_its_hard_time_limit_ends_at_once_naming_the_limit(
    start_celery_worker, fixture_jobs, chaos_report
):
    start_celery_worker(queues="chaos-limit")
    job = route(fixture_jobs["SlowJob"], "chaos-limit", time_limit=3, time_limit_override=True)
    result = submit(job, {"seconds": 120})
    wait_running(result)
    started = time.monotonic()

    ended = wait_terminal(result, timeout=60)
    chaos_report["hard time limit 3 s -> run errored (from start)"] = time.monotonic() - started

    assert ended.status == Status.STATUS_ERRORED
    assert (
        messages(ended)[-1] == "The job hit its time limit of 3 seconds and its worker process was stopped."
    )


def test_a_run_past_its_soft_time_limit_is_stopped_inside_the_job(start_celery_worker, fixture_jobs):
    start_celery_worker(queues="chaos-soft")
    job = route(
        fixture_jobs["SlowJob"],
        "chaos-soft",
        soft_time_limit=1,
        soft_time_limit_override=True,
        time_limit=60,
        time_limit_override=True,
    )

    ended = wait_terminal(submit(job, {"seconds": 120}), timeout=60)

    assert ended.status == Status.STATUS_ERRORED
    assert "The job exceeded its soft time limit of 1 seconds and was stopped." in messages(ended)
    assert messages(ended)[-1] == "Database changes have been reverted due to error."


def test_a_killed_worker_restarted_under_its_name_ends_its_running_runs_and_runs_the_queued_one(
    start_celery_worker, fixture_jobs, chaos_report
):
    """Defect 2: the queued run held by the dead worker stayed pending forever after the restart."""
    slow = route(fixture_jobs["SlowJob"], "chaos-kill")
    quick = route(fixture_jobs["CreateManufacturerJob"], "chaos-kill")
    doomed = start_celery_worker(queues="chaos-kill", concurrency=2)
    running = [submit(slow, {"seconds": 120}), submit(slow, {"seconds": 120})]
    for result in running:
        wait_running(result)
    queued = submit(quick, {"manufacturer_name": "Queued Through A Crash"}, commit=True)
    wait_for(lambda: doomed.log().count("extras.run_job[") >= 3, 30, message="the third run in the worker")

    os.kill(doomed.process.pid, signal.SIGKILL)  # the main process; Celery's pool processes die with it
    doomed.kill()
    start_celery_worker(queues="chaos-kill", concurrency=2, hostname=doomed.hostname)
    restarted = time.monotonic()

    finished = wait_terminal(queued, timeout=90)
    ended = [wait_terminal(result, timeout=90) for result in running]
    chaos_report["worker SIGKILL + restart -> every run terminal"] = time.monotonic() - restarted

    assert finished.status == Status.STATUS_COMPLETED, messages(finished)
    assert Manufacturer.objects.filter(name="Queued Through A Crash").count() == 1
    assert [result.status for result in ended] == [Status.STATUS_ERRORED] * 2
    assert all(messages(result)[-1].startswith("Worker lost:") for result in ended)


def test_a_run_submitted_while_a_worker_stops_runs_once_after_a_late_restart(
    start_celery_worker, fixture_jobs
):
    """Defect 3: restarted more than 20 s later, the worker ran the waiting run, which was also ended as lost."""
    slow = route(fixture_jobs["SlowJob"], "chaos-term")
    quick = route(fixture_jobs["CreateManufacturerJob"], "chaos-term")
    stopping = start_celery_worker(queues="chaos-term", concurrency=1)
    in_flight = submit(slow, {"seconds": 5})
    wait_running(in_flight)

    stopping.process.send_signal(signal.SIGTERM)  # a warm shutdown: the run in flight finishes first
    waiting = submit(quick, {"manufacturer_name": "Survives A Restart"}, commit=True)
    submitted = time.monotonic()
    assert stopping.stop() == 0
    assert wait_terminal(in_flight, timeout=30).status == Status.STATUS_COMPLETED
    time.sleep(max(0.0, 21 - (time.monotonic() - submitted)))  # longer than the reaper's staleness limit
    start_celery_worker(queues="chaos-term", concurrency=1, hostname=stopping.hostname)

    finished = wait_terminal(waiting, timeout=60)
    wait_worker_monitor_passes(stopping.hostname)  # the restarted worker's reaper has looked at it since
    assert finished.status == Status.STATUS_COMPLETED, messages(finished)
    assert status_of(waiting) == Status.STATUS_COMPLETED
    assert not any(line.startswith("Worker lost") for line in messages(finished))
    assert Manufacturer.objects.filter(name="Survives A Restart").count() == 1
