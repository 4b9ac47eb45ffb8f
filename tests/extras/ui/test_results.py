"""Job result pages: the filtered list, a run's page and its log table, and the live poll."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobResult
from tests.extras.ui.conftest import make_result
from tests.factories.dcim import SiteFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

LIST_URL = reverse("extras:jobresult_list")


def listed(response) -> list[JobResult]:
    return [row.record for row in response.context["table"].rows]


def live_url(result: JobResult, **params) -> str:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('extras:jobresult_live', kwargs={'pk': result.pk})}?{query}"


def log_sequences(html: str) -> list[int]:
    return [int(value) for value in re.findall(r'class="log-line" data-sequence="(\d+)"', html)]


# --- List ---------------------------------------------------------------------------------------------


def test_results_list_filters_by_job_status_user_and_day(admin_client, superuser, fixture_jobs):
    passing, slow = fixture_jobs["PassingJob"], fixture_jobs["SlowJob"]
    mine = make_result(passing, user=superuser, status=Status.STATUS_FAILED)
    other = make_result(slow, status=Status.STATUS_COMPLETED)
    old = make_result(passing, status=Status.STATUS_COMPLETED)
    JobResult.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=10))

    assert listed(admin_client.get(LIST_URL)) == [other, mine, old]
    assert listed(admin_client.get(LIST_URL, {"job": passing.pk})) == [mine, old]
    assert listed(admin_client.get(LIST_URL, {"status": "failed"})) == [mine]
    assert listed(admin_client.get(LIST_URL, {"user": superuser.username})) == [mine]
    since = (timezone.now() - timedelta(days=2)).date().isoformat()
    assert listed(admin_client.get(LIST_URL, {"since": since})) == [other, mine]
    until = (timezone.now() - timedelta(days=5)).date().isoformat()
    assert listed(admin_client.get(LIST_URL, {"until": until})) == [old]
    html = admin_client.get(LIST_URL).content.decode()
    assert '<label class="form-label" for="id_job">Job</label>' in html
    assert 'type="date" name="since"' in html


def test_results_list_shows_stored_counters_and_costs_the_same_queries_for_many_rows(
    admin_client, fixture_jobs, superuser, django_assert_max_num_queries
):
    job = fixture_jobs["PassingJob"]
    make_result(job, user=superuser, success_count=3, info_count=2, warning_count=1, failure_count=0)
    with django_assert_max_num_queries(12) as few:
        response = admin_client.get(LIST_URL)
    html = response.content.decode()
    assert re.search(r'title="Success">3<span class="visually-hidden"> success', html)
    assert re.search(r'title="Warning">1<', html)
    for index, each in enumerate(fixture_jobs.values()):
        for _ in range(4):
            make_result(each, user=superuser if index % 2 else UserFactory(), info_count=index)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        response = admin_client.get(LIST_URL)
    assert len(listed(response)) > 40
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_user_sees_only_results_of_jobs_they_may_view(client, fixture_jobs):
    user = UserFactory()
    grant(user, Job, ["view"], constraints={"job_class_name": "SlowJob"})
    grant(user, JobResult, ["view"])
    client.force_login(user)
    visible = make_result(fixture_jobs["SlowJob"])
    hidden = make_result(fixture_jobs["PassingJob"])
    assert listed(client.get(LIST_URL)) == [visible]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(live_url(hidden)).status_code == 404
    assert client.get(visible.get_absolute_url()).status_code == 200


# --- One run ------------------------------------------------------------------------------------------


def test_result_page_shows_summary_inputs_output_and_counts(admin_client, superuser, fixture_jobs):
    site = SiteFactory(name="Berlin")
    job = fixture_jobs["ProvisionSiteJob"]
    now = timezone.now()
    result = make_result(
        job,
        user=superuser,
        commit=True,
        started=now - timedelta(seconds=75),
        completed=now,
        output="\nBerlin",
        success_count=1,
        info_count=2,
        job_kwargs={"data": {"site_name": "Berlin", "manufacturer": str(site.pk)}, "commit": True},
        lines=[("run", "success", "Created"), ("run", "info", "a"), ("post_run", "info", "b")],
    )
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert 'data-status="completed"' in html and superuser.username in html
    assert "1 min 15.0 s" in html and "Committed when successful" in html
    assert '<th scope="row">Site name</th>' in html and "<code" in html and "Berlin" in html
    assert 'id="log-poller"' not in html  # finished: no polling
    assert "Run again with these inputs" in html and f"kwargs_from_job_result={result.pk}" in html


def test_inputs_of_a_job_with_sensitive_variables_are_not_shown(admin_client, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"], job_kwargs=None)
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert "Not stored: this job may have sensitive variables." in html


def test_log_is_grouped_by_method_with_counts_per_level(admin_client, fixture_jobs):
    lines = [
        ("run", "info", "starting"),
        ("run", "success", "done one"),
        ("test_cables", "warning", "loose cable"),
        ("test_cables", "failure", "no cable"),
        ("post_run", "debug", "cleanup"),
    ]
    result = make_result(fixture_jobs["OrderedTestsJob"], lines=lines)
    response = admin_client.get(result.get_absolute_url())
    summary = response.context["summary"]
    assert [group.grouping for group in summary] == ["run", "test_cables", "post_run"]
    assert summary[1].counts == {"debug": 0, "success": 0, "info": 0, "warning": 1, "failure": 1}
    html = response.content.decode()
    headings = re.findall(r'<th scope="rowgroup" colspan="4" class="font-monospace small">(\w+)</th>', html)
    assert headings == ["run", "test_cables", "post_run"]


def test_log_filters_by_level_method_and_text(admin_client, fixture_jobs):
    lines = [
        ("run", "info", "alpha"),
        ("run", "warning", "beta"),
        ("test_x", "warning", "gamma"),
        ("test_x", "info", "beta 2"),
    ]
    result = make_result(fixture_jobs["OrderedTestsJob"], lines=lines)
    url = result.get_absolute_url()
    assert log_sequences(admin_client.get(url, {"level": "warning"}).content.decode()) == [2, 3]
    assert log_sequences(admin_client.get(url, {"grouping": "test_x"}).content.decode()) == [3, 4]
    assert log_sequences(admin_client.get(url, {"q": "BETA"}).content.decode()) == [2, 4]
    assert log_sequences(admin_client.get(url, {"level": "warning", "q": "gam"}).content.decode()) == [3]
    assert "No lines match." in admin_client.get(url, {"q": "zzz"}).content.decode()
    assert log_sequences(admin_client.get(url, {"level": "bogus"}).content.decode()) == [1, 2, 3, 4]


def test_log_messages_render_markdown_and_nothing_in_them_runs(admin_client, fixture_jobs):
    lines = [
        ("run", "info", "**bold** <script>alert('x')</script>"),
        ("run", "info", "[click me](javascript:alert(1))"),
        {
            "grouping": "run",
            "log_level": "info",
            "message": "obj",
            "log_object": "Berlin",
            "absolute_url": "/dcim/sites/x/",
        },
        {
            "grouping": "run",
            "log_level": "info",
            "message": "bad",
            "log_object": "Evil",
            "absolute_url": "javascript:alert(1)",
        },
    ]
    result = make_result(fixture_jobs["PassingJob"], lines=lines)
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert "<strong>bold</strong>" in html
    assert "&lt;script&gt;alert(" in html and "<script>alert(" not in html
    assert '<a rel="noopener noreferrer">click me</a>' in html and "javascript:alert" not in html
    assert '<a href="/dcim/sites/x/">Berlin</a>' in html
    assert re.search(r'<td class="small">Evil</td>', html)  # shown, not linked


def test_a_run_with_100000_lines_renders_one_page_in_bounded_queries(
    admin_client, fixture_jobs, django_assert_max_num_queries
):
    lines = [("run" if index < 60_000 else "test_end", "info", f"line {index}") for index in range(100_000)]
    result = make_result(fixture_jobs["PassingJob"], lines=lines, info_count=100_000)
    with django_assert_max_num_queries(12):
        response = admin_client.get(result.get_absolute_url())
    html = response.content.decode()
    assert log_sequences(html) == list(range(1, 101))
    assert "Lines 1\u2013100 of 100000" in html and "Page 1 of 1000" in html
    last = admin_client.get(result.get_absolute_url(), {"page": "last"}).content.decode()
    assert log_sequences(last) == list(range(99_901, 100_001))
    assert [group.total for group in response.context["summary"]] == [60_000, 40_000]


# --- Live -----------------------------------------------------------------------------------------------


def test_an_active_run_shows_its_newest_lines_and_polls(admin_client, fixture_jobs):
    lines = [("run", "info", f"line {index}") for index in range(150)]
    result = make_result(fixture_jobs["SlowJob"], status=Status.STATUS_RUNNING, lines=lines)
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert log_sequences(html) == list(range(101, 151))  # the newest page while running
    poller = re.search(r'id="log-poller" hx-get="([^"]+)" hx-trigger="every 1s"', html).group(1)
    assert "after=150" in poller and "append=1" in poller and "status=running" in poller


def test_the_poll_sends_new_lines_the_summary_and_the_next_poller(admin_client, fixture_jobs):
    lines = [("run", "info", "one"), ("run", "info", "two"), ("test_a", "warning", "three")]
    result = make_result(fixture_jobs["SlowJob"], status=Status.STATUS_RUNNING, lines=lines)
    response = admin_client.get(
        live_url(result, after=1, shown=1, append=1, grouping_shown="run", status="pending")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert log_sequences(html) == [2, 3]
    assert html.count('colspan="4"') == 1  # a heading only where the method changes (test_a)
    assert '<hx-partial hx-target="#log-rows" hx-swap="beforeend">' in html
    assert 'id="result-summary" aria-labelledby="summary-heading" hx-swap-oob="true"' in html
    assert "Status: Running" in html  # announced: it changed since the last poll
    poller = re.search(r'id="log-poller" hx-get="([^"]+)"', html).group(1)
    assert "after=3" in poller and "shown=3" in poller and "grouping_shown=test_a" in poller

    quiet = admin_client.get(live_url(result, after=3, shown=3, append=1, status="running")).content.decode()
    assert log_sequences(quiet) == [] and "Status:" not in quiet and 'id="log-poller"' in quiet

    not_last_page = admin_client.get(live_url(result, after=1, shown=1, status="running")).content.decode()
    assert log_sequences(not_last_page) == []  # a reader on an earlier page gets no appended lines


def test_the_poll_stops_appending_after_the_live_limit(admin_client, fixture_jobs):
    result = make_result(
        fixture_jobs["SlowJob"], status=Status.STATUS_RUNNING, lines=[("run", "info", "x")] * 3
    )
    html = admin_client.get(
        live_url(result, after=0, shown=2000, append=1, status="running")
    ).content.decode()
    assert log_sequences(html) == [] and "following pages" in html


def test_the_poll_of_a_finished_run_sends_the_final_page_and_no_poller(admin_client, fixture_jobs):
    lines = [("run", "info", "one"), ("run", "success", "two")]
    result = make_result(
        fixture_jobs["SlowJob"], status=Status.STATUS_COMPLETED, output="\nslept", lines=lines
    )
    html = admin_client.get(
        live_url(result, after=1, shown=1, append=1, status="running", page=1)
    ).content.decode()
    assert 'id="log-section" aria-labelledby="log-heading" hx-swap-oob="true"' in html
    assert log_sequences(html) == [1, 2]
    assert 'id="result-details" hx-swap-oob="true"' in html and "slept" in html
    assert "The run has ended." in html
    assert 'id="log-poller"' not in html


def test_a_result_is_deleted_with_its_log_lines_after_confirmation(admin_client, fixture_jobs):
    from extras.models import JobLogEntry

    result = make_result(fixture_jobs["PassingJob"], lines=[("run", "info", "x")])
    url = reverse("extras:jobresult_delete", kwargs={"pk": result.pk})
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST_URL
    assert not JobResult.objects.filter(pk=result.pk).exists()
    assert not JobLogEntry.objects.filter(job_result_id=result.pk).exists()


def test_a_git_sync_result_names_its_repository_in_the_list_and_on_its_page(admin_client):
    import uuid

    from tests.factories.git import GitRepositoryFactory

    repository = GitRepositoryFactory(name="Network jobs")
    result = JobResult.objects.create(
        name=repository.name, git_repository=repository, status=Status.STATUS_COMPLETED, task_id=uuid.uuid4()
    )
    result.set_source_commit("0123456789abcdef0123456789abcdef01234567")
    listing = admin_client.get(LIST_URL).content.decode()
    assert f'Sync of <a href="{repository.get_absolute_url()}">Network jobs</a>' in listing
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert '<th scope="row">Git repository</th>' in html and "Sync of" in html
    assert "0123456789ab…" in html and "(record deleted)" not in html
