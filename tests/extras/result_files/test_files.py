"""Result files without a worker: create_file()'s rules (names, size limit, one name per run), what the page
and the API show, who may download (exactly who may see the run), bounded queries, and deletion with the run."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extras.choices import JobResultStatusChoices as Status
from extras.jobs import Job
from extras.models import FileProxy, JobResult
from extras.models.files import ResultFileError, clean_file_name
from tests.api_base import assert_status, client_for
from tests.extras.result_files.helpers import body_of, make_file, stored_files
from tests.extras.ui.conftest import make_result
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("report.csv", "report.csv"),
        ("../../etc/passwd", "etc_passwd"),
        ("reports/2026/q1.csv", "reports_2026_q1.csv"),
        ("C:\\Users\\x\\out.txt", "C:_Users_x_out.txt"),
        ("  tab\tand\nnewline.txt ", "tabandnewline.txt"),
        ("x" * 300 + ".csv", "x" * 251 + ".csv"),
    ],
)
def test_names_are_kept_within_one_folder(given, stored):
    assert clean_file_name(given) == stored


@pytest.mark.parametrize("given", ["", "   ", "..", "/", "./../"])
def test_a_name_with_nothing_left_is_refused(given):
    with pytest.raises(ResultFileError, match="file name"):
        clean_file_name(given)


class Reporter(Job):
    class Meta:
        abstract = True


def job_of(result) -> Job:
    job = Reporter()
    job.job_result = result
    return job


def test_create_file_stores_text_as_utf8_and_bytes_as_given(fixture_jobs):
    result = make_result(fixture_jobs["CsvReport"])
    job = job_of(result)
    text = job.create_file("names.txt", "Müller\n")
    data = job.create_file("raw.bin", b"\x00\xff")
    assert (text.name, text.size, data.size) == ("names.txt", len("Müller\n".encode()), 2)
    assert stored_files(result) == {"names.txt": "Müller\n".encode(), "raw.bin": b"\x00\xff"}


def test_the_size_limit_counts_bytes_and_refuses_before_storing(fixture_jobs, settings):
    settings.JOBS_CREATE_FILE_MAX_SIZE = 4
    result = make_result(fixture_jobs["CsvReport"])
    job = job_of(result)
    job.create_file("fits.txt", "ab\u00fc")  # 4 bytes in UTF-8
    with pytest.raises(ResultFileError) as refused:
        job.create_file("over.txt", "abcü")  # 5 bytes
    assert str(refused.value) == (
        'The file "over.txt" is 5 bytes, over the limit of 4 bytes (JOBS_CREATE_FILE_MAX_SIZE); it was not stored.'
    )
    assert isinstance(refused.value, ValueError)  # what Nautobot 2.x raises, for jobs that catch it
    assert set(stored_files(result)) == {"fits.txt"}


def test_a_name_used_twice_in_a_run_is_refused_but_another_run_may_use_it(fixture_jobs):
    job = fixture_jobs["CsvReport"]
    first, second = make_result(job), make_result(job)
    job_of(first).create_file("out.txt", "one")
    with pytest.raises(ResultFileError, match=r"A file named \"out\.txt\" was already created by this run"):
        job_of(first).create_file("out.txt", "two")
    job_of(second).create_file("out.txt", "three")
    assert stored_files(first) == {"out.txt": b"one"} and stored_files(second) == {"out.txt": b"three"}


def test_create_file_outside_a_run_says_so():
    with pytest.raises(ResultFileError, match="only while the job runs"):
        Reporter().create_file("x.txt", "x")


def test_content_that_is_neither_text_nor_bytes_is_refused(fixture_jobs):
    with pytest.raises(TypeError, match="str or bytes"):
        job_of(make_result(fixture_jobs["CsvReport"])).create_file("x.json", {"a": 1})


def test_html_is_downloaded_never_rendered(fixture_jobs, admin_client, admin_api):
    stored = make_file(make_result(fixture_jobs["CsvReport"]), "page.html", b"<script>alert(1)</script>")
    for response in (
        admin_client.get(reverse("extras:fileproxy_download", kwargs={"pk": stored.pk})),
        admin_api.get(f"/api/extras/file-proxies/{stored.pk}/download/"),
    ):
        assert response.status_code == 200 and body_of(response) == b"<script>alert(1)</script>"
        assert response["Content-Type"] == "application/octet-stream"
        assert response["Content-Disposition"] == 'attachment; filename="page.html"'
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_with_quotes_and_non_ascii_is_sent_safely(fixture_jobs, admin_client):
    stored = make_file(make_result(fixture_jobs["CsvReport"]), 'Bericht "Q1" über.csv', b"x")
    response = admin_client.get(reverse("extras:fileproxy_download", kwargs={"pk": stored.pk}))
    assert (
        response["Content-Disposition"] == "attachment; filename*=utf-8''Bericht%20%22Q1%22%20%C3%BCber.csv"
    )


def test_the_result_page_lists_the_files_with_their_links(fixture_jobs, admin_client):
    result = make_result(fixture_jobs["CsvReport"])
    report, notes = make_file(result, "report.csv", b"a,b\r\n"), make_file(result, "notes.txt", b"hello")
    page = admin_client.get(result.get_absolute_url()).content.decode()
    for stored in (report, notes):
        assert f'href="{reverse("extras:fileproxy_download", kwargs={"pk": stored.pk})}"' in page
    assert "report.csv" in page and "notes.txt" in page


def test_a_run_without_files_shows_no_files_panel(fixture_jobs, admin_client):
    page = admin_client.get(make_result(fixture_jobs["CsvReport"]).get_absolute_url()).content.decode()
    assert 'id="files-heading"' not in page


def test_the_final_poll_of_a_run_brings_its_files(fixture_jobs, admin_client):
    result = make_result(fixture_jobs["CsvReport"])
    stored = make_file(result)
    answer = admin_client.get(reverse("extras:jobresult_live", kwargs={"pk": result.pk}) + "?status=running")
    assert reverse("extras:fileproxy_download", kwargs={"pk": stored.pk}) in answer.content.decode()


def test_the_file_endpoints_answer_as_nautobot_does(fixture_jobs, admin_api):
    result = make_result(fixture_jobs["CsvReport"])
    stored = make_file(result, "report.csv", b"a,b\r\n")
    listed = admin_api.get("/api/extras/file-proxies/").json()
    assert listed["count"] == 1
    detail = admin_api.get(f"/api/extras/file-proxies/{stored.pk}/").json()
    assert listed["results"][0] == detail
    assert detail["name"] == "report.csv" and detail["size"] == 5 and detail["display"] == "report.csv"
    assert detail["job_result"] == {
        "id": str(result.pk),
        "url": f"http://testserver/api/extras/job-results/{result.pk}/",
    }
    assert detail["url"] == f"http://testserver/api/extras/file-proxies/{stored.pk}/"
    assert detail["download_url"] == detail["url"] + "download/"
    assert detail["uploaded_at"] == detail["created"]
    assert "content" not in detail
    other = make_file(make_result(fixture_jobs["CsvReport"]), "other.txt")
    only = admin_api.get("/api/extras/file-proxies/", {"job_result": str(result.pk)}).json()
    assert [item["id"] for item in only["results"]] == [str(stored.pk)] and str(other.pk) not in str(only)


def test_the_file_endpoints_take_no_writes(fixture_jobs, admin_api):
    stored = make_file(make_result(fixture_jobs["CsvReport"]))
    assert admin_api.post("/api/extras/file-proxies/", {"name": "x"}, format="json").status_code == 405
    assert admin_api.delete(f"/api/extras/file-proxies/{stored.pk}/").status_code == 405
    assert FileProxy.objects.filter(pk=stored.pk).exists()


# --- Who may download: exactly who may see the run --------------------------------------------------------
def download_paths(stored) -> list[str]:
    return [
        reverse("extras:fileproxy_download", kwargs={"pk": stored.pk}),
        f"/api/extras/file-proxies/{stored.pk}/",
        f"/api/extras/file-proxies/{stored.pk}/download/",
    ]


def get(user, path: str):
    if path.startswith("/api/"):
        return client_for(user).get(path)
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(path)


def test_a_user_who_cannot_see_the_run_gets_404_for_its_files_everywhere(fixture_jobs):
    job = fixture_jobs["CsvReport"]
    seen, unseen = make_result(job), make_result(job)
    seen_file, unseen_file = make_file(seen, "seen.txt", b"seen"), make_file(unseen, "unseen.txt", b"secret")
    constrained = UserFactory()
    grant(constrained, JobResult, ["view"], {"pk": str(seen.pk)})
    grant(constrained, type(job), ["view"])
    for path in download_paths(unseen_file):
        assert get(constrained, path).status_code == 404, path
    for path in download_paths(seen_file):
        assert get(constrained, path).status_code == 200, path
    listed = client_for(constrained).get("/api/extras/file-proxies/").json()
    assert [item["name"] for item in listed["results"]] == ["seen.txt"]
    nobody = UserFactory()
    for path in download_paths(seen_file):
        assert get(nobody, path).status_code == 404, path
    assert client_for(nobody).get("/api/extras/file-proxies/").status_code == 403  # as the results' own list


def test_a_run_of_a_job_the_user_cannot_see_hides_its_files(fixture_jobs):
    stored = make_file(make_result(fixture_jobs["CsvReport"]))
    user = UserFactory()
    grant(user, JobResult, ["view"])  # every result, but no job: runs are as visible as their job
    for path in download_paths(stored):
        assert get(user, path).status_code == 404, path


# --- Bounded queries ------------------------------------------------------------------------------------
def test_the_result_page_costs_the_same_queries_with_many_files(
    fixture_jobs, admin_client, django_assert_max_num_queries
):
    result = make_result(fixture_jobs["CsvReport"], lines=[("run", "info", "hello")])
    make_file(result, "one.txt")
    with django_assert_max_num_queries(40) as few:
        admin_client.get(result.get_absolute_url())
    for number in range(20):
        make_file(result, f"more-{number}.txt")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "more-19.txt" in admin_client.get(result.get_absolute_url()).content.decode()


def test_the_api_lists_cost_the_same_queries_with_many_files(
    fixture_jobs, admin_api, django_assert_max_num_queries
):
    job = fixture_jobs["CsvReport"]
    make_file(make_result(job, status=Status.STATUS_COMPLETED))
    counts = {}
    for path in ("/api/extras/job-results/", "/api/extras/file-proxies/"):
        with django_assert_max_num_queries(40) as few:
            assert_status(admin_api.get(path), 200)
        counts[path] = len(few.captured_queries)
    for _ in range(10):
        result = make_result(job)
        make_file(result, "a.txt")
        make_file(result, "b.txt")
    expected = {"/api/extras/job-results/": 11, "/api/extras/file-proxies/": 21}
    for path, count in counts.items():
        with django_assert_max_num_queries(count):
            body = admin_api.get(path).json()
        assert body["count"] == expected[path], path
    listed = admin_api.get("/api/extras/job-results/").json()["results"]
    assert sorted(len(item["files"]) for item in listed) == [1] + [2] * 10


# --- Deletion --------------------------------------------------------------------------------------------
def test_deleting_a_run_deletes_its_files(fixture_jobs, admin_api):
    job = fixture_jobs["CsvReport"]
    gone, kept = make_result(job), make_result(job)
    make_file(gone), make_file(kept)
    assert_status(admin_api.delete(f"/api/extras/job-results/{gone.pk}/"), 204)
    assert not FileProxy.objects.filter(job_result_id=gone.pk).exists()
    assert FileProxy.objects.filter(job_result_id=kept.pk).count() == 1
    JobResult.objects.filter(pk=kept.pk).delete()  # the bulk delete and the sync cleanup delete this way
    assert not FileProxy.objects.filter(job_result_id=kept.pk).exists()


def test_nautobot_code_finds_the_file_model_where_2x_keeps_it(fixture_jobs):
    from nautobot.extras.models import FileProxy as NautobotFileProxy

    result = make_result(fixture_jobs["CsvReport"])
    stored = job_of(result).create_file("a.txt", "a")
    assert NautobotFileProxy is FileProxy
    assert list(NautobotFileProxy.objects.filter(job_result=result)) == [stored]


def test_an_id_that_is_no_uuid_is_a_404_not_an_error(admin_api):
    for path in ("/api/extras/file-proxies/nonsense/", "/api/extras/file-proxies/nonsense/download/"):
        assert admin_api.get(path).status_code == 404, path
