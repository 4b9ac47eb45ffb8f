"""`runjob` names the files a run created in its summary, with where to download each."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from extras.models import FileProxy
from tests.fixture_jobs.result_files import csv_text, report_rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_summary_lists_the_runs_files_with_their_download_path(fixture_jobs):
    out = StringIO()
    call_command("runjob", "--local", "--data", '{"rows": 2}', "result_files.CsvReport", stdout=out)
    stored = FileProxy.objects.get(name="report.csv")
    size = len(csv_text(report_rows(2)).encode())
    assert f"File: report.csv ({size} bytes) /api/extras/file-proxies/{stored.pk}/download/" in out.getvalue()
