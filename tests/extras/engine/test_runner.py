"""The runner: lifecycle order, commit/rollback, statuses, logs that survive rollback, output, time limits."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from dcim.models import DeviceType, Manufacturer
from extras.changes.runs import RunChanges
from extras.choices import JobResultStatusChoices as Status
from extras.engine.runner import ENDED_MEANWHILE, REVERTED, REVERTED_DUE_TO_ERROR, run_job_result
from extras.engine.services import RunRequest, submit_job
from extras.liveness.reaper import end_lost_run
from extras.models import JobLogEntry, JobResult
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run(job, data=None, commit=False, user=None) -> JobResult:
    submission = submit_job(
        RunRequest(job=job, user=user, data=data or {}, commit=commit, source="cli", enqueue=False)
    )
    run_job_result(submission.job_result.pk, data=submission.data, files=submission.files)
    submission.job_result.refresh_from_db()
    return submission.job_result


def log_lines(result) -> list[tuple[str, str, str]]:
    return list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values_list("grouping", "log_level", "message")
    )


def table_snapshot() -> tuple:
    return (
        sorted(Manufacturer.objects.values_list("name", "slug")),
        sorted(DeviceType.objects.values_list("model", "slug")),
    )


def test_passing_job_completes_with_output_and_counters(fixture_jobs):
    result = run(fixture_jobs["PassingJob"])
    assert result.status == Status.STATUS_COMPLETED
    assert result.output == "\nNice job!"
    assert (result.success_count, result.info_count, result.debug_count) == (2, 3, 1)
    assert result.started is not None and result.completed >= result.started


def test_lines_are_grouped_by_the_method_that_logged_them(fixture_jobs):
    result = run(fixture_jobs["PassingJob"])
    groupings = [grouping for grouping, _, _ in log_lines(result)]
    assert groupings == ["run", "run", "run", "test_everything_fine", "test_everything_fine", "post_run"]


def test_commit_false_leaves_every_table_as_it_was_and_says_so(fixture_jobs):
    before = table_snapshot()
    result = run(fixture_jobs["CreateManufacturerJob"], {"manufacturer_name": "Acme"}, commit=False)
    assert result.status == Status.STATUS_COMPLETED
    assert table_snapshot() == before
    assert ("test_everything_fine", "info", REVERTED) not in log_lines(result)
    assert log_lines(result)[-1][2] == REVERTED


def test_commit_true_persists_changes(fixture_jobs):
    result = run(
        fixture_jobs["CreateManufacturerJob"], {"manufacturer_name": "Acme"}, commit=True, user=UserFactory()
    )
    assert result.status == Status.STATUS_COMPLETED
    assert Manufacturer.objects.filter(name="Acme").exists()
    assert DeviceType.objects.filter(model="Model 1", manufacturer__name="Acme").exists()
    assert REVERTED not in [message for _, _, message in log_lines(result)]


def test_logs_written_inside_the_rolled_back_transaction_are_kept(fixture_jobs):
    result = run(fixture_jobs["CreateManufacturerJob"], {"manufacturer_name": "Acme"}, commit=False)
    messages = [message for _, _, message in log_lines(result)]
    assert "Created manufacturer" in messages and "Created device type" in messages
    assert not Manufacturer.objects.filter(name="Acme").exists()


def test_exception_rolls_back_records_traceback_and_still_runs_post_run(fixture_jobs):
    result = run(fixture_jobs["RaisingJob"], commit=True, user=UserFactory())
    lines = log_lines(result)
    assert result.status == Status.STATUS_ERRORED
    failure = next(message for _, level, message in lines if level == "failure")
    assert failure.startswith("An exception occurred: `RuntimeError: Boom`") and "Traceback" in failure
    assert ("run", "info", REVERTED_DUE_TO_ERROR) in lines
    assert ("post_run", "info", "post_run still ran") in lines
    assert not any(grouping == "test_never_reached" for grouping, _, _ in lines)


def test_abort_job_fails_without_traceback(fixture_jobs):
    result = run(fixture_jobs["AbortingJob"])
    failure = [message for _, level, message in log_lines(result) if level == "failure"]
    assert result.status == Status.STATUS_FAILED
    assert failure == ["Job aborted: Stopped on purpose"]


def test_log_failure_marks_the_run_failed_without_stopping_it(fixture_jobs):
    result = run(fixture_jobs["FailingJob"])
    messages = [message for _, _, message in log_lines(result)]
    assert result.status == Status.STATUS_FAILED
    assert "Still running after the failure" in messages
    assert "post_run sees failed=True" in messages
    assert result.output == "\nFinished anyway"


def test_test_methods_run_in_declaration_order_then_post_run(fixture_jobs):
    result = run(fixture_jobs["OrderedTestsJob"])
    lines = [(grouping, message) for grouping, _, message in log_lines(result)]
    assert lines == [
        ("run", "run"),
        ("test_zulu", "zulu"),
        ("test_alpha", "alpha"),
        ("test_mike", "mike"),
        ("test_bravo", "bravo"),
        ("test_bravo", REVERTED),
        ("post_run", "post_run"),
    ]


def test_read_only_job_never_commits_and_does_not_announce_a_revert(fixture_jobs):
    result = run(fixture_jobs["ReadOnlyJob"], commit=True, user=UserFactory())
    assert result.status == Status.STATUS_COMPLETED
    assert not Manufacturer.objects.filter(name="Read-only leak").exists()
    assert REVERTED not in [message for _, _, message in log_lines(result)]


def test_disabled_job_ends_errored_at_initialization(fixture_jobs):
    job = fixture_jobs["PassingJob"]
    submission = submit_job(RunRequest(job=job, source="cli", enqueue=False))
    type(job).objects.filter(pk=job.pk).update(enabled=False)
    run_job_result(submission.job_result.pk)
    submission.job_result.refresh_from_db()
    assert submission.job_result.status == Status.STATUS_ERRORED
    assert log_lines(submission.job_result) == [
        ("initialization", "failure", f"Job {job} is not enabled to be run!")
    ]


def test_a_result_that_is_not_pending_is_left_alone(fixture_jobs):
    submission = submit_job(RunRequest(job=fixture_jobs["PassingJob"], source="cli", enqueue=False))
    result = submission.job_result
    result.mark_finished(Status.STATUS_CANCELLED)
    run_job_result(result.pk)
    result.refresh_from_db()
    assert result.status == Status.STATUS_CANCELLED
    assert not JobLogEntry.objects.filter(job_result_id=result.pk).exists()


def test_a_run_the_reaper_ended_meanwhile_does_not_commit(fixture_jobs, monkeypatch):
    """Multi-host defect: a worker cut off the network for longer than the reaper waits had its run ended as
    lost ("its changes were rolled back"); healed, the job went on and committed them."""
    settle = RunChanges.settle

    def reaped_before_the_commit(changes, **options):
        # The reaper of another worker, on its own connection, while this run's transaction is open.
        reaper = threading.Thread(target=reap, args=(changes.result,))
        reaper.start()
        reaper.join()
        return settle(changes, **options)

    def reap(result):
        try:
            end_lost_run(result, "Worker lost: it stopped sending heartbeats.")
        finally:
            connections.close_all()

    monkeypatch.setattr(RunChanges, "settle", reaped_before_the_commit)
    result = run(fixture_jobs["CreateManufacturerJob"], {"manufacturer_name": "Cut Off"}, commit=True)

    assert result.status == Status.STATUS_ERRORED
    assert not Manufacturer.objects.filter(name="Cut Off").exists()
    messages = [message for _, _, message in log_lines(result)]
    assert "Worker lost: it stopped sending heartbeats." in messages
    assert messages[-2:] == [ENDED_MEANWHILE, REVERTED_DUE_TO_ERROR]


def test_soft_time_limit_stops_the_job_with_a_line_naming_the_limit(fixture_jobs, tmp_path):
    job = fixture_jobs["SlowJob"]
    type(job).objects.filter(pk=job.pk).update(soft_time_limit=0.3, soft_time_limit_override=True)
    job.refresh_from_db()
    result = run(job, {"seconds": 5})
    failures = [message for _, level, message in log_lines(result) if level == "failure"]
    assert result.status == Status.STATUS_ERRORED
    assert failures == ["The job exceeded its soft time limit of 0.3 seconds and was stopped."]


def test_request_carries_the_user_into_the_job(fixture_jobs):
    user = UserFactory(username="carol")
    result = run(fixture_jobs["WhoAmIJob"], user=user)
    assert result.output == "\ncarol via cli"
