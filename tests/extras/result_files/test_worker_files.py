"""`self.create_file()` through a real worker: the file is stored with the run, kept by a dry run, refused
over the size limit or under a name used twice, and downloadable with its exact bytes from the page and the API."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.engine.runner import REVERTED, REVERTED_DUE_TO_ERROR
from extras.models import FileProxy
from tests.api_base import assert_status
from tests.extras.result_files.helpers import body_of, stored_files
from tests.fixture_jobs.result_files import csv_text, report_rows
from tests.runs import messages, submit, wait_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

REPORT = csv_text(report_rows(3)).encode()


def test_a_csv_report_is_downloadable_with_its_exact_bytes_from_the_page_and_the_api(
    celery_worker, fixture_jobs, admin_client, admin_api
):
    result = wait_terminal(submit(fixture_jobs["CsvReport"], {"rows": 3}, commit=True))
    assert result.status == Status.STATUS_COMPLETED, messages(result)
    assert stored_files(result) == {"report.csv": REPORT}
    stored = FileProxy.objects.get(job_result_id=result.pk)
    assert stored.size == len(REPORT) and f"Wrote report.csv ({len(REPORT)} bytes)" in messages(result)

    page = admin_client.get(result.get_absolute_url()).content.decode()
    link = reverse("extras:fileproxy_download", kwargs={"pk": stored.pk})
    assert 'id="files-heading"' in page and f'href="{link}"' in page and "report.csv" in page
    download = admin_client.get(link)
    assert download.status_code == 200 and body_of(download) == REPORT
    assert download["Content-Disposition"] == 'attachment; filename="report.csv"'
    assert download["Content-Type"] == "text/csv" and download["X-Content-Type-Options"] == "nosniff"

    detail = admin_api.get(f"/api/extras/job-results/{result.pk}/").json()
    download_url = f"http://testserver/api/extras/file-proxies/{stored.pk}/download/"
    assert detail["files"] == [
        {"id": str(stored.pk), "name": "report.csv", "size": len(REPORT), "download_url": download_url}
    ]
    api_download = admin_api.get(download_url)
    assert_status(api_download, 200)
    assert body_of(api_download) == REPORT
    assert api_download["Content-Disposition"] == 'attachment; filename="report.csv"'


def test_a_dry_run_keeps_its_file_as_it_keeps_its_log(celery_worker, fixture_jobs):
    result = wait_terminal(submit(fixture_jobs["CsvReport"], {"rows": 2, "dryrun": True}, commit=True))
    assert result.status == Status.STATUS_COMPLETED and REVERTED in messages(result)
    assert not Manufacturer.objects.filter(name="Reported Inc").exists()
    assert stored_files(result) == {"report.csv": csv_text(report_rows(2)).encode()}


def test_a_file_over_the_limit_fails_the_run_saying_so_and_is_not_stored(celery_worker, fixture_jobs):
    result = wait_terminal(submit(fixture_jobs["OversizedFile"]))
    assert result.status == Status.STATUS_ERRORED
    limit = settings.JOBS_CREATE_FILE_MAX_SIZE
    failure = next(line for line in messages(result) if "huge.bin" in line)
    assert (
        f"{limit + 1} bytes" in failure and "JOBS_CREATE_FILE_MAX_SIZE" in failure and f"{limit}" in failure
    )
    assert "Not reached" not in messages(result) and REVERTED_DUE_TO_ERROR in messages(result)
    assert stored_files(result) == {"small.txt": b"fits"}


def test_a_second_file_of_the_same_name_is_refused(celery_worker, fixture_jobs):
    result = wait_terminal(submit(fixture_jobs["SameNameTwice"]))
    assert result.status == Status.STATUS_ERRORED
    assert any('A file named "twice.txt"' in line and "already" in line for line in messages(result))
    assert stored_files(result) == {"twice.txt": b"first"}
