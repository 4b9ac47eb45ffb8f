"""What a result's summary says happened to a run's changes: it agrees with what its log says."""

from __future__ import annotations

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job
from extras.ui.result_summary import changes_outcome
from tests.extras.ui.conftest import make_result

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "commit", "change_count", "expected"),
    [
        (Status.STATUS_COMPLETED, True, 2, "Committed"),
        (Status.STATUS_COMPLETED, True, None, "Committed"),  # a run from before the change log
        (Status.STATUS_FAILED, True, 1, "Committed"),  # log_failure: failed, but its changes committed
        (Status.STATUS_FAILED, True, None, "Rolled back (error)"),  # AbortJob, a differing reviewed set
        (Status.STATUS_ERRORED, True, None, "Rolled back (error)"),  # an exception
        (Status.STATUS_ERRORED, True, 3, "Committed"),  # post_run() raised after the commit
        (Status.STATUS_COMPLETED, False, 2, "Rolled back (dry run)"),
        (Status.STATUS_ERRORED, False, None, "Rolled back (dry run)"),
        (Status.STATUS_CANCELLED, True, None, "None (the run never started)"),
        (Status.STATUS_RUNNING, True, None, "Committed if the run succeeds"),
        (Status.STATUS_PENDING, False, None, "Dry run: rolled back at the end"),
    ],
)
def test_the_changes_row_says_what_happened(fixture_jobs, status, commit, change_count, expected):
    result = make_result(fixture_jobs["PassingJob"], status=status, commit=commit, change_count=change_count)
    assert changes_outcome(result).label == expected


def test_a_read_only_job_writes_nothing_whatever_commit_says(fixture_jobs):
    job = fixture_jobs["PassingJob"]
    Job.objects.filter(pk=job.pk).update(read_only=True)
    job.refresh_from_db()
    assert changes_outcome(make_result(job, commit=True)).label == "Read-only (nothing written)"
    running = make_result(job, commit=False, status=Status.STATUS_RUNNING)
    assert changes_outcome(running).label == "Read-only: rolled back at the end"


def test_an_errored_runs_page_says_rolled_back_as_its_log_does(admin_client, fixture_jobs):
    lines = [
        ("run", "failure", "An exception occurred"),
        ("run", "info", "Database changes have been reverted due to error."),
    ]
    result = make_result(fixture_jobs["PassingJob"], status=Status.STATUS_ERRORED, commit=True, lines=lines)
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert '<span id="changes-outcome" data-outcome="error">Rolled back (error)</span>' in html
    assert "Committed" not in html
