"""Downloads: a run's log as CSV and as plain text (streamed, filtered as the page is), and every list
table as CSV with its current filters."""

from __future__ import annotations

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult
from extras.ui import log_export
from tests.extras.ui.conftest import make_result

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert isinstance(response, StreamingHttpResponse)  # never built in memory
    return b"".join(response.streaming_content).decode()


def test_the_log_downloads_as_csv_in_chunks_whole_and_in_order(admin_client, fixture_jobs, monkeypatch):
    monkeypatch.setattr(log_export, "CHUNK_SIZE", 7)  # several chunks, one of them partial
    lines = [("run", "info", f"line {index}") for index in range(20)] + [
        {
            "grouping": "test_x",
            "log_level": "warning",
            "message": 'say "hi", then\nleave',
            "log_object": "Berlin",
            "absolute_url": "/dcim/sites/1/",
        },
    ]
    result = make_result(fixture_jobs["PassingJob"], lines=lines)
    response = admin_client.get(reverse("extras:jobresult_log_csv", kwargs={"pk": result.pk}))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="job-result-{result.pk}-log.csv"'
    rows = list(csv.reader(io.StringIO(body(response))))
    assert rows[0] == ["sequence", "time", "level", "method", "object", "object_url", "message"]
    assert [row[0] for row in rows[1:]] == [str(number) for number in range(1, 22)]
    assert rows[-1][2:] == ["warning", "test_x", "Berlin", "/dcim/sites/1/", 'say "hi", then\nleave']


def test_the_log_downloads_as_text_filtered_like_the_page(admin_client, fixture_jobs):
    lines = [("run", "info", "kept one"), ("run", "failure", "dropped"), ("run", "info", "two\nlines")]
    result = make_result(fixture_jobs["PassingJob"], status=Status.STATUS_FAILED, lines=lines)
    url = reverse("extras:jobresult_log_txt", kwargs={"pk": result.pk})
    text = body(admin_client.get(url, {"level": "info"}))
    assert text.count("\n") == 3
    assert " INFO     run  kept one\n" in text and " INFO     run  two\n    lines\n" in text
    assert "dropped" not in text
    page = admin_client.get(result.get_absolute_url(), {"level": "info"}).content.decode()
    assert f'href="{url}?level=info" download>Text<' in page


def test_the_log_export_needs_permission_to_view_the_result(client, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"], lines=[("run", "info", "secret")])
    response = client.get(reverse("extras:jobresult_log_csv", kwargs={"pk": result.pk}))
    assert response.status_code in (302, 403) and b"secret" not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )


def test_a_list_exports_every_filtered_row_as_csv_not_only_the_page(admin_client, fixture_jobs):
    passing, failing = fixture_jobs["PassingJob"], fixture_jobs["FailingJob"]
    for _ in range(30):
        make_result(passing, commit=False)
    make_result(failing)
    url = reverse("extras:jobresult_list")
    page = admin_client.get(url, {"job": passing.pk, "per_page": 25, "page": 2}).content.decode()
    assert f'href="?job={passing.pk}&amp;export=csv" download>Export CSV<' in page
    rows = list(csv.reader(io.StringIO(body(admin_client.get(url, {"job": passing.pk, "export": "csv"})))))
    assert rows[0][:5] == ["Created", "Job / Git repository", "User", "Status", "Changes"]
    assert len(rows) == 31 and {row[1] for row in rows[1:]} == {str(passing)}
    assert {row[3] for row in rows[1:]} == {"Completed"}
    assert JobResult.objects.count() == 31


def test_the_jobs_list_exports_as_csv_with_its_search(admin_client, fixture_jobs):
    url = reverse("extras:job_list")
    page = admin_client.get(url, {"q": "passing"}).content.decode()
    assert 'href="?q=passing&amp;export=csv" download>Export CSV<' in page
    rows = list(csv.reader(io.StringIO(body(admin_client.get(url, {"q": "passing", "export": "csv"})))))
    assert rows[0] == [
        "Name",
        "Class path",
        "Source",
        "Module",
        "Grouping",
        "Enabled",
        "Installed",
        "Description",
    ]
    job = fixture_jobs["PassingJob"]
    assert [job.name, job.class_path] in [row[:2] for row in rows[1:]]
    assert all("passing" in (row[0] + row[1] + row[4] + row[7]).lower() for row in rows[1:])
