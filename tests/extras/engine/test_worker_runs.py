"""Runs through a real Celery worker process: end to end, live logs, rollback, and lost runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.engine.runner import REVERTED
from extras.models import JobLogEntry, JobResult, RunHeartbeat
from tests.celery_worker import worker_environment
from tests.runs import messages, route, submit, wait_for, wait_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


def test_a_job_runs_end_to_end_on_a_worker(celery_worker, fixture_jobs):
    result = wait_terminal(submit(fixture_jobs["PassingJob"]))
    assert result.status == Status.STATUS_COMPLETED
    assert result.output == "\nNice job!"
    assert result.worker.split(":")[0] and result.started and result.completed
    assert messages(result)[-1] == "Cleaning up"


def test_commit_false_on_a_worker_leaves_tables_unchanged_and_commit_true_persists(
    celery_worker, fixture_jobs
):
    job = fixture_jobs["CreateManufacturerJob"]
    before = sorted(Manufacturer.objects.values_list("name", "slug"))
    dry = wait_terminal(submit(job, {"manufacturer_name": "Dry Run Inc"}, commit=False))
    assert dry.status == Status.STATUS_COMPLETED and REVERTED in messages(dry)
    assert sorted(Manufacturer.objects.values_list("name", "slug")) == before
    real = wait_terminal(submit(job, {"manufacturer_name": "Real Inc"}, commit=True))
    assert real.status == Status.STATUS_COMPLETED
    assert Manufacturer.objects.filter(name="Real Inc").count() == 1


def test_log_lines_are_readable_while_the_job_runs_and_after_its_rollback(celery_worker, fixture_jobs):
    result = submit(fixture_jobs["SlowJob"], {"seconds": 3})
    wait_for(lambda: "Started sleeping" in messages(result), 30, message="the first line while running")
    assert JobResult.objects.get(pk=result.pk).status == Status.STATUS_RUNNING
    finished = wait_terminal(result)
    assert finished.status == Status.STATUS_COMPLETED
    assert messages(finished)[0] == "Started sleeping" and messages(finished)[-1] == REVERTED


def test_an_exception_on_a_worker_ends_errored_with_its_traceback(celery_worker, fixture_jobs):
    result = wait_terminal(submit(fixture_jobs["RaisingJob"]))
    assert result.status == Status.STATUS_ERRORED
    assert any("Traceback" in message and "RuntimeError: Boom" in message for message in messages(result))


def test_a_pool_process_killed_mid_job_ends_errored_naming_the_lost_worker(celery_worker, fixture_jobs):
    result = submit(fixture_jobs["SlowJob"], {"seconds": 120})
    heartbeat = wait_for(
        lambda: RunHeartbeat.objects.filter(job_result_id=result.pk, worker__contains=":").first(),
        30,
        message="the run's heartbeat",
    )
    wait_for(
        lambda: JobResult.objects.get(pk=result.pk).status == Status.STATUS_RUNNING, 30, message="running"
    )
    os.kill(int(heartbeat.worker.rsplit(":", 1)[1]), signal.SIGKILL)
    ended = wait_terminal(result, timeout=60)
    assert ended.status == Status.STATUS_ERRORED
    assert messages(ended)[-1].startswith("Worker lost:")


def test_a_whole_worker_killed_mid_job_is_noticed_by_the_next_worker(start_celery_worker, fixture_jobs):
    doomed = start_celery_worker(queues="doomed")
    job = fixture_jobs["SlowJob"]
    route(job, "doomed")
    result = submit(job, {"seconds": 120})
    wait_for(
        lambda: JobResult.objects.get(pk=result.pk).status == Status.STATUS_RUNNING, 30, message="running"
    )
    doomed.kill()
    start_celery_worker(queues="doomed")
    ended = wait_terminal(result, timeout=60)
    assert ended.status == Status.STATUS_ERRORED
    assert "Worker lost" in messages(ended)[-1]


def test_a_broker_that_is_down_at_submit_fails_the_command_and_leaves_no_result(celery_worker, fixture_jobs):
    env = worker_environment({"CELERY_BROKER_URL": "redis://127.0.0.1:9/0"})
    command = [sys.executable, "manage.py", "runjob", "local/passing/PassingJob"]
    completed = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "task broker is unreachable (redis://…)" in completed.stderr
    assert not JobResult.objects.filter(name="local/passing/PassingJob").exists()


def test_a_broker_failure_after_commit_ends_the_run_errored_with_the_reason(fixture_jobs):
    """Inside a transaction nobody waits for the send: the committed run is ended, never left pending."""
    env = worker_environment({"CELERY_BROKER_URL": "redis://127.0.0.1:9/0"})
    code = (
        "from django.db import transaction; from extras.models import Job\n"
        "from extras.engine.services import RunRequest, submit_job\n"
        "with transaction.atomic():\n"
        "    job = Job.objects.get(class_path='local/passing/PassingJob')\n"
        "    submit_job(RunRequest(job=job, source='cli', require_worker=False))"
    )
    command = [sys.executable, "manage.py", "shell", "-c", code]
    completed = subprocess.run(
        command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    result = JobResult.objects.get(name="local/passing/PassingJob")
    assert result.status == Status.STATUS_ERRORED
    assert "task broker is unreachable" in messages(result)[0]


def test_a_broker_failure_after_a_scheduler_note_continues_the_log(fixture_jobs):
    """The failure line follows a note written before the send instead of reusing its sequence number."""
    env = worker_environment({"CELERY_BROKER_URL": "redis://127.0.0.1:9/0"})
    code = (
        "from django.db import transaction; from extras.models import Job\n"
        "from extras.engine.services import RunRequest, submit_job\n"
        "job = Job.objects.get(class_path='local/writing/CreateManufacturerJob')\n"
        "run = RunRequest(job=job, data={'manufacturer_name': 'Acme'}, source='schedule', require_worker=False,\n"
        "                 notes=[('warning', 'late')])\n"
        "with transaction.atomic():\n"
        "    submit_job(run)"
    )
    completed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    result = JobResult.objects.get(name="local/writing/CreateManufacturerJob")
    lines = JobLogEntry.objects.filter(job_result_id=result.pk).order_by("sequence")
    assert list(lines.values_list("sequence", "log_level")) == [(1, "warning"), (2, "failure")]
    assert (result.status, result.warning_count, result.failure_count) == (Status.STATUS_ERRORED, 1, 1)


def test_a_run_over_its_hard_time_limit_ends_errored_naming_the_limit(start_celery_worker, fixture_jobs):
    start_celery_worker(queues="limited")
    job = fixture_jobs["SlowJob"]
    route(job, "limited", time_limit=2, time_limit_override=True)
    result = submit(job, {"seconds": 60})
    ended = wait_terminal(result, timeout=60)
    assert ended.status == Status.STATUS_ERRORED
    assert any(message.startswith("The job hit its time limit of 2 seconds") for message in messages(ended))
    # One failure line says so, however many parts noticed the limit (the pool, the log flusher, the runner).
    failures = JobLogEntry.objects.filter(job_result_id=result.pk, log_level="failure")
    assert list(failures.values_list("message", flat=True)) == [
        "The job hit its time limit of 2 seconds and its worker process was stopped."
    ]
    assert ended.failure_count == 1


def busy_worker_holding_a_run(start_celery_worker, fixture_jobs, queue: str, seconds: int, name: str):
    """A one-process worker on `queue` running a slow job, which has already taken (claimed) a second run
    creating manufacturer `name`: (worker, the running result, the held result)."""
    slow, quick = fixture_jobs["SlowJob"], fixture_jobs["CreateManufacturerJob"]
    route(slow, queue)
    route(quick, queue)
    worker = start_celery_worker(queues=queue, concurrency=1)
    running = submit(slow, {"seconds": seconds})
    held = submit(quick, {"manufacturer_name": name}, commit=True)
    wait_for(
        lambda: JobResult.objects.get(pk=running.pk).status == Status.STATUS_RUNNING, 30, message="running"
    )
    wait_for(lambda: RunHeartbeat.objects.filter(job_result_id=held.pk).exists(), 30, message="the claim")
    return worker, running, held


def test_a_queued_run_held_by_a_worker_that_died_is_run_by_the_next_one(start_celery_worker, fixture_jobs):
    doomed, blocking, waiting = busy_worker_holding_a_run(
        start_celery_worker, fixture_jobs, "single", 120, "Second Chance"
    )
    doomed.kill()
    start_celery_worker(queues="single", concurrency=1)
    assert wait_terminal(blocking, timeout=60).status == Status.STATUS_ERRORED
    finished = wait_terminal(waiting, timeout=60)
    assert finished.status == Status.STATUS_COMPLETED, messages(finished)
    assert "died before starting it; it was handed to the workers again" in messages(finished)[0]
    assert Manufacturer.objects.filter(name="Second Chance").exists()


def test_the_worker_runs_changed_job_code_without_a_restart(celery_worker, fixture_jobs_root):
    from extras.engine.job_records import sync_job_records
    from extras.models import Job

    module = fixture_jobs_root / "reload_probe.py"
    template = (
        "from extras.jobs import Job\n\n\nclass ReloadProbe(Job):\n"
        "    def run(self, data, commit):\n        return {!r}\n"
    )
    try:
        module.write_text(template.format("first version"))
        sync_job_records(enable_new=True)
        job = Job.objects.get(class_path="local/reload_probe/ReloadProbe")
        assert wait_terminal(submit(job)).output == "\nfirst version"
        module.write_text(template.format("second version, same worker"))
        stamp = time.time() + 2
        os.utime(module, (stamp, stamp))
        assert wait_terminal(submit(job)).output == "\nsecond version, same worker"
    finally:
        module.unlink(missing_ok=True)


def test_a_worker_stopped_with_sigterm_loses_neither_the_run_it_runs_nor_the_one_it_had_taken(
    start_celery_worker, fixture_jobs
):
    """What docs/reliability.md says of a SIGTERMed worker, on each broker.

    With one process busy, the worker has already taken the next run from the queue (prefetch). On a warm
    shutdown it finishes the running one. The one it holds, unstarted: on Redis its message goes back to the
    queue (the broker restores what was not acknowledged) and the next worker runs it; on the filesystem broker,
    which cannot take a message back, the exiting worker runs it itself before it exits. Either way, once.
    """
    stopping, running, held = busy_worker_holding_a_run(
        start_celery_worker, fixture_jobs, "sigterm", 3, "Taken Before The Stop"
    )

    stopping.process.send_signal(signal.SIGTERM)
    assert stopping.stop() == 0  # no other worker serves the queue meanwhile

    assert JobResult.objects.get(pk=running.pk).status == Status.STATUS_COMPLETED
    if settings.CELERY_BROKER_URL.startswith("redis"):
        assert JobResult.objects.get(pk=held.pk).status == Status.STATUS_PENDING  # back in the queue
        start_celery_worker(queues="sigterm", concurrency=1)
        finished = wait_terminal(held, timeout=60)
        assert finished.worker != JobResult.objects.get(pk=running.pk).worker  # run by the next worker
    else:
        finished = JobResult.objects.get(pk=held.pk)
        assert finished.worker == JobResult.objects.get(pk=running.pk).worker  # the same pool process
    assert finished.status == Status.STATUS_COMPLETED, messages(finished)
    assert Manufacturer.objects.filter(name="Taken Before The Stop").count() == 1


def test_a_run_over_its_memory_limit_ends_errored_naming_it_and_the_worker_takes_the_next_run(
    start_celery_worker, fixture_jobs
):
    """A runaway job meets its own limit (Meta.memory_limit) or the server's (JOBS_MEMORY_LIMIT), not the
    host's OOM killer; the pool process survives and runs the next job."""
    own, default, passing = (
        fixture_jobs["MemoryHogJob"],
        fixture_jobs["DefaultLimitHogJob"],
        fixture_jobs["PassingJob"],
    )
    for job in (own, default, passing):
        route(job, "memory")
    start_celery_worker(queues="memory", concurrency=1, extra_env={"JOBS_MEMORY_LIMIT": "96"})

    within = wait_terminal(submit(own, {"mib": 16}), timeout=60)
    over_own = wait_terminal(submit(own, {"mib": 512}), timeout=60)
    over_default = wait_terminal(submit(default, {"mib": 512}), timeout=60)
    after = wait_terminal(submit(passing), timeout=60)

    assert within.status == Status.STATUS_COMPLETED, messages(within)
    assert within.output == "\nallocated 16 MiB"
    for ended, limit in ((over_own, 64), (over_default, 96)):
        assert ended.status == Status.STATUS_ERRORED, messages(ended)
        failures = JobLogEntry.objects.filter(job_result_id=ended.pk, log_level="failure")
        assert [line.split("\n")[0] for line in failures.values_list("message", flat=True)] == [
            f"The job exceeded its memory limit of {limit} MiB and was stopped."
        ]
    assert after.status == Status.STATUS_COMPLETED, messages(after)
    assert after.worker == over_own.worker == over_default.worker == within.worker  # the same pool process
