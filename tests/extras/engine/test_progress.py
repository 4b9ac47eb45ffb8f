"""Progress reported by a job (`self.progress(done, total, message)`): stored outside the job's transaction,
read back with a percentage and an ETA on the result page and in the API; a job's typical duration."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.engine.logging import JobLogWriter
from extras.engine.progress import clean_progress, progress_of, typical_duration
from extras.jobs import Job
from extras.models import JobResult, RunHeartbeat
from tests.extras.engine.test_runner import run
from tests.extras.ui.conftest import make_result

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_run_reports_progress_that_survives_its_rollback(fixture_jobs):
    result = run(fixture_jobs["SlowJob"], data={"seconds": 1}, commit=False)
    result.refresh_from_db()
    assert result.status == Status.STATUS_COMPLETED
    assert (result.progress_done, result.progress_total) == (10, 10)
    assert result.progress_message.startswith("tick ")
    progress = progress_of(result)
    assert progress.percent == 100.0 and progress.eta is None  # ended: no time left to estimate


def test_the_eta_is_the_time_left_at_the_rate_so_far(fixture_jobs):
    now = timezone.now()
    result = make_result(
        fixture_jobs["SlowJob"],
        status=Status.STATUS_RUNNING,
        started=now - timedelta(seconds=30),
        progress_done=25,
        progress_total=100,
        progress_message="device 25",
        progress_updated=now - timedelta(seconds=10),  # 25 items in 20 s: 0.8 s each
    )
    progress = progress_of(result, now=now)
    assert progress.percent == 25.0
    assert progress.eta == timedelta(seconds=50)  # 75 x 0.8 s = 60 s from the report, 10 s ago
    assert progress.as_dict() == {
        "done": 25,
        "total": 100,
        "percent": 25.0,
        "message": "device 25",
        "updated": result.progress_updated.isoformat(),
        "eta_seconds": 50.0,
    }
    assert progress_of(make_result(fixture_jobs["SlowJob"], status=Status.STATUS_RUNNING)) is None


def test_progress_values_are_clamped_and_the_message_cut():
    assert clean_progress(-3, 10) == (0, 10, "")
    assert clean_progress(12, 10, "x" * 300) == (10, 10, "x" * 200)
    assert clean_progress(5, None, 7) == (5, None, "7")


def test_the_result_page_and_the_api_show_the_bar_and_the_eta(admin_client, fixture_jobs):
    now = timezone.now()
    result = make_result(
        fixture_jobs["SlowJob"],
        status=Status.STATUS_RUNNING,
        started=now - timedelta(seconds=40),
        progress_done=40,
        progress_total=160,
        progress_message="syncing site 40",
        progress_updated=now,
    )
    # The run beats as a live one does: without it a worker's reaper, 20 s after the start, ends it as lost.
    RunHeartbeat.objects.create(job_result_id=result.pk, worker="progress-test#1", beat=now)
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert 'role="progressbar" aria-label="Progress" aria-valuenow="25"' in html
    assert 'style="width: 25.0%"' in html and "40 of 160" in html and "syncing site 40" in html
    assert 'id="progress-eta">about 2 min' in html
    api = admin_client.get(reverse("extras-api:jobresult-detail", kwargs={"pk": result.pk})).json()
    assert api["progress"]["done"] == 40 and api["progress"]["percent"] == 25.0
    # 120 s from the report, less the time this test took to get here (seconds on a loaded machine)
    elapsed = (timezone.now() - now).total_seconds()
    assert api["progress"]["eta_seconds"] == pytest.approx(120 - elapsed, abs=1.5)


def test_the_run_form_shows_the_jobs_typical_duration(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    start = timezone.now() - timedelta(hours=1)
    for seconds in (10, 12, 14, 16, 100):
        make_result(job, started=start, completed=start + timedelta(seconds=seconds))
    make_result(job, status=Status.STATUS_ERRORED, started=start, completed=start + timedelta(hours=2))
    typical = typical_duration(job)
    assert (typical.median, typical.p95, typical.runs) == (timedelta(seconds=14), timedelta(seconds=100), 5)
    html = admin_client.get(job.get_absolute_url()).content.decode()
    assert "Usually takes 14.00 s (median; 95% of runs within 1 min 40.0 s)" in html
    assert "from its last 5 successful runs" in html
    assert typical_duration(fixture_jobs["FailingJob"]) is None


def test_progress_outside_a_run_is_kept_on_the_job():
    class Counting(Job):
        def run(self, data, commit):
            self.progress(3, 4, "three")

    job = Counting()
    job.run({}, False)
    assert job.progress_reported == (3, 4, "three")
    assert JobResult.objects.count() == 0


def test_the_results_list_shows_how_far_a_running_run_is(admin_client, fixture_jobs):
    make_result(fixture_jobs["SlowJob"], status=Status.STATUS_RUNNING, progress_done=3, progress_total=8)
    make_result(fixture_jobs["SlowJob"], progress_done=8, progress_total=8)  # ended: its status says enough
    html = admin_client.get(reverse("extras:jobresult_list")).content.decode()
    assert html.count("data-progress=") == 1 and 'data-progress="38">38%</span>' in html


def test_the_last_progress_reported_is_the_one_stored_whichever_thread_writes_it(fixture_jobs):
    """The flusher thread and the job's own thread (close()) write progress on separate connections; an
    older report taken first must never land after a newer one."""
    result = make_result(fixture_jobs["SlowJob"], status=Status.STATUS_RUNNING, started=timezone.now())
    writer = JobLogWriter(result.pk, heartbeat=False)
    stop = threading.Event()

    def flusher_like() -> None:
        while not stop.is_set():
            writer.flush_progress()

    for attempt in range(20):
        stop.clear()
        thread = threading.Thread(target=flusher_like)
        thread.start()
        for done in range(1, 51):
            writer.set_progress(done, 50, f"step {done} of attempt {attempt}")
        writer.flush_progress()  # what close() does last, in the job's thread
        stop.set()
        thread.join()
        result.refresh_from_db()
        assert (result.progress_done, result.progress_message) == (50, f"step 50 of attempt {attempt}")
