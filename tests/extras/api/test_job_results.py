"""/api/extras/job-results/ and /api/extras/job-logs/: shapes, filters, visibility and query counts."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobLogEntry, JobResult
from extras.routers import LIVE_ALIAS
from tests.api_base import assert_status

pytestmark = pytest.mark.django_db

RESULTS_URL = "/api/extras/job-results/"
LOGS_URL = "/api/extras/job-logs/"


def make_result(job: Job, user=None, status=Status.STATUS_COMPLETED, logs: int = 0) -> JobResult:
    result = JobResult.objects.create(
        job_model=job,
        name=job.class_path,
        user=user,
        status=status,
        info_count=logs,
        success_count=1,
        task_id=uuid.uuid4(),
    )
    JobLogEntry.objects.using(LIVE_ALIAS).bulk_create(
        JobLogEntry(job_result_id=result.pk, sequence=index + 1, grouping="run", message=f"line {index + 1}")
        for index in range(logs)
    )
    return result


def result_url(result: JobResult, suffix: str = "") -> str:
    return reverse("extras-api:jobresult-detail", kwargs={"pk": result.pk}) + suffix


def ids(response) -> list[str]:
    return [item["id"] for item in response.json()["results"]]


def test_results_are_listed_newest_first(admin_api, fixture_jobs):
    older = make_result(fixture_jobs["PassingJob"])
    newer = make_result(fixture_jobs["PassingJob"])
    assert ids(admin_api.get(RESULTS_URL)) == [str(newer.pk), str(older.pk)]


def test_result_detail_shape(admin_api, superuser, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    result = make_result(job, user=superuser, logs=2)
    body = admin_api.get(result_url(result)).json()
    assert body["obj_type"] == "extras.job" and body["schedule"] is None
    assert body["job_id"] == str(result.task_id)
    assert body["status"] == {"value": "completed", "label": "Completed"}
    assert body["user"]["username"] == superuser.username
    assert body["job_model"]["id"] == str(job.pk) and body["job_model"]["slug"] == job.slug
    assert body["job_model"]["url"].endswith(reverse("extras-api:job-detail", kwargs={"pk": job.pk}))
    assert body["counters"] == {"debug": 0, "success": 1, "info": 2, "warning": 0, "failure": 0}


def test_result_detail_offers_the_grouped_legacy_data_shape(admin_api, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"], logs=2)
    result.output = "\nNice job!"
    result.data = {"custom": 1}
    result.save()
    JobLogEntry.objects.using(LIVE_ALIAS).create(
        job_result_id=result.pk, sequence=3, grouping="test_x", log_level="failure", message="bad"
    )
    data = admin_api.get(result_url(result)).json()["data"]
    assert [line[4] for line in data["run"]["log"]] == ["line 1", "line 2"]
    assert data["run"]["log"][0][1:4] == ["info", None, None]
    assert data["run"]["info"] == 2 and data["run"]["failure"] == 0
    assert data["test_x"]["failure"] == 1
    assert data["total"] == {"success": 0, "info": 2, "warning": 0, "failure": 1}
    assert data["output"] == "\nNice job!" and data["custom"] == 1


def test_result_list_keeps_the_stored_data_and_reads_no_log_rows(admin_api, fixture_jobs):
    make_result(fixture_jobs["PassingJob"], logs=2)
    assert admin_api.get(RESULTS_URL).json()["results"][0]["data"] is None


def test_listing_results_costs_the_same_queries_for_5_or_25(
    admin_api, fixture_jobs, django_assert_max_num_queries
):
    for _ in range(5):
        make_result(fixture_jobs["PassingJob"], logs=3)
    with django_assert_max_num_queries(10) as five:
        assert len(ids(admin_api.get(RESULTS_URL))) == 5
    for _ in range(20):
        make_result(fixture_jobs["FailingJob"], logs=3)
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(ids(admin_api.get(RESULTS_URL, {"limit": 50}))) == 25


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": ["failed", "errored"]}, ["failed"]),
        ({"job_model": "local-passing-passingjob"}, ["passing"]),
        ({"name": "local/failing/FailingJob"}, ["failed"]),
        ({"q": "Failing"}, ["failed"]),
    ],
)
def test_result_filters(admin_api, fixture_jobs, params, expected):
    by_label = {
        "passing": make_result(fixture_jobs["PassingJob"]),
        "failed": make_result(fixture_jobs["FailingJob"], status=Status.STATUS_FAILED),
    }
    assert ids(admin_api.get(RESULTS_URL, params)) == [str(by_label[label].pk) for label in expected]


def test_result_filters_by_job_id_user_and_completion(admin_api, superuser, user, fixture_jobs):
    mine = make_result(fixture_jobs["PassingJob"], user=superuser)
    theirs = make_result(fixture_jobs["FailingJob"], user=user, status=Status.STATUS_RUNNING)
    JobResult.objects.filter(pk=mine.pk).update(completed=timezone.now())
    assert ids(admin_api.get(RESULTS_URL, {"user": superuser.username})) == [str(mine.pk)]
    assert ids(admin_api.get(RESULTS_URL, {"user": str(user.pk)})) == [str(theirs.pk)]
    assert ids(admin_api.get(RESULTS_URL, {"job_model_id": str(theirs.job_model_id)})) == [str(theirs.pk)]
    since = (timezone.now() - timezone.timedelta(hours=1)).isoformat()
    assert ids(admin_api.get(RESULTS_URL, {"completed__gte": since})) == [str(mine.pk)]


def test_results_are_visible_only_with_their_job(user, token_client, grant_permission, fixture_jobs):
    visible = make_result(fixture_jobs["PassingJob"])
    hidden = make_result(fixture_jobs["FailingJob"])
    grant_permission(user, JobResult, ["view"])
    grant_permission(user, Job, ["view"], {"module_name": "passing"})
    client = token_client(user)
    assert ids(client.get(RESULTS_URL)) == [str(visible.pk)]
    assert_status(client.get(result_url(hidden)), 404)


def test_results_cannot_be_created_but_can_be_deleted_with_their_logs(admin_api, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"], logs=2)
    assert_status(admin_api.post(RESULTS_URL, {}, format="json"), 405)
    assert_status(admin_api.delete(result_url(result)), 204)
    assert not JobResult.objects.filter(pk=result.pk).exists()
    assert not JobLogEntry.objects.filter(job_result_id=result.pk).exists()


# --- log lines --------------------------------------------------------------------------------------


def test_result_logs_are_an_ordered_unpaginated_list(admin_api, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"], logs=3)
    make_result(fixture_jobs["PassingJob"], logs=2)
    response = admin_api.get(result_url(result, "logs/"))
    assert_status(response, 200)
    lines = response.json()
    assert [line["message"] for line in lines] == ["line 1", "line 2", "line 3"]
    assert {"id", "display", "url", "absolute_url", "created", "grouping", "log_level", "log_object"} < set(
        lines[0]
    )
    assert lines[0]["log_level"] == {"value": "info", "label": "Info"}


def test_job_logs_filter_by_result_level_and_text(admin_api, fixture_jobs):
    result = make_result(fixture_jobs["PassingJob"], logs=3)
    make_result(fixture_jobs["PassingJob"], logs=2)
    body = admin_api.get(LOGS_URL, {"job_result": str(result.pk)}).json()
    assert body["count"] == 3
    assert body["results"][0]["job_result"]["id"] == str(result.pk)
    assert admin_api.get(LOGS_URL, {"q": "line 3"}).json()["count"] == 1
    assert admin_api.get(LOGS_URL, {"log_level": "failure"}).json()["count"] == 0


def test_job_log_detail(admin_api, fixture_jobs):
    entry = JobLogEntry.objects.get(job_result_id=make_result(fixture_jobs["PassingJob"], logs=1).pk)
    response = admin_api.get(reverse("extras-api:joblogentry-detail", kwargs={"pk": entry.pk}))
    assert_status(response, 200)
    assert response.json()["message"] == "line 1"


def test_job_logs_show_only_lines_of_visible_results(user, token_client, grant_permission, fixture_jobs):
    visible = make_result(fixture_jobs["PassingJob"], logs=2)
    hidden = make_result(fixture_jobs["FailingJob"], logs=2)
    grant_permission(user, JobResult, ["view"])
    grant_permission(user, Job, ["view"], {"module_name": "passing"})
    client = token_client(user)
    assert {line["job_result"]["id"] for line in client.get(LOGS_URL).json()["results"]} == {str(visible.pk)}
    assert client.get(LOGS_URL, {"job_result": str(hidden.pk)}).json()["count"] == 0
    assert_status(client.get(result_url(hidden, "logs/")), 404)


def test_job_logs_need_result_view_permission(user, token_client, fixture_jobs):
    make_result(fixture_jobs["PassingJob"], logs=1)
    assert_status(token_client(user).get(LOGS_URL), 403)


def test_fast_log_rows_match_the_serializer_exactly(admin_api, fixture_jobs):
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from extras.api.log_rows import LogRowBuilder
    from extras.api.serializers import JobLogEntrySerializer

    result = make_result(fixture_jobs["PassingJob"], logs=3)
    JobLogEntry.objects.using(LIVE_ALIAS).create(
        job_result_id=result.pk,
        sequence=4,
        log_level="warning",
        log_object="site-1",
        absolute_url="/x/",
        message="m",
        created=timezone.now().replace(microsecond=0),  # DRF writes no fraction then
    )
    request = Request(APIRequestFactory().get("/", SERVER_NAME="localhost"))
    entries = JobLogEntry.objects.filter(job_result_id=result.pk).order_by("sequence")
    expected = JobLogEntrySerializer(entries, many=True, context={"request": request}).data
    assert LogRowBuilder(request).rows(entries) == [dict(row) for row in expected]
    with timezone.override("Europe/Paris"):  # outside UTC the rows are built in Python
        expected = JobLogEntrySerializer(entries, many=True, context={"request": request}).data
        assert LogRowBuilder(request).rows(entries) == [dict(row) for row in expected]


def test_job_log_list_and_result_logs_answer_in_bounded_queries(
    admin_api, fixture_jobs, django_assert_max_num_queries
):
    result = make_result(fixture_jobs["PassingJob"], logs=300)
    with django_assert_max_num_queries(6):
        assert len(admin_api.get(result_url(result, "logs/")).json()) == 300
    with django_assert_max_num_queries(6):
        assert admin_api.get(LOGS_URL, {"limit": 200}).json()["count"] == 300


def test_a_scheduled_run_links_its_schedule_and_a_git_run_its_commit(admin_api, fixture_jobs):
    from extras.schedules.scheduling import ScheduleRequest, create_schedule

    job = fixture_jobs["CreateManufacturerJob"]
    schedule = create_schedule(
        job, ScheduleRequest(interval="immediately"), user=None, data={}, commit=False, task_queue="default"
    )
    result = make_result(job)
    JobResult.objects.filter(pk=result.pk).update(schedule=schedule, source_commit="a" * 40)
    body = admin_api.get(result_url(result)).json()
    assert (
        body["schedule"]["id"] == str(schedule.pk) and body["schedule"]["interval"]["value"] == "immediately"
    )
    assert body["source_commit"] == "a" * 40
    listed = admin_api.get(RESULTS_URL).json()["results"][0]
    assert listed["schedule"]["id"] == str(schedule.pk)


def test_a_sync_result_is_of_its_git_repository(admin_api, db):
    from tests.factories.git import GitRepositoryFactory

    repository = GitRepositoryFactory()
    result = JobResult.objects.create(name=repository.name, git_repository=repository, task_id=uuid.uuid4())
    assert admin_api.get(result_url(result)).json()["obj_type"] == "extras.gitrepository"


def test_job_logs_of_a_user_who_sees_everything_skip_the_id_list(
    user, token_client, grant_permission, fixture_jobs, django_assert_max_num_queries
):
    from extras.models import GitRepository

    grant_permission(user, JobResult, ["view"])
    grant_permission(user, Job, ["view"])
    grant_permission(user, GitRepository, ["view"])
    results = [make_result(fixture_jobs["PassingJob"], logs=2) for _ in range(3)]
    body = token_client(user).get(LOGS_URL).json()
    assert body["count"] == 6
    assert {line["job_result"]["id"] for line in body["results"]} == {str(result.pk) for result in results}


def test_one_runs_lines_page_on_from_the_last_line_seen(admin_api, fixture_jobs):
    """A million-line run costs the same per page at its end as at its start: `next` says after=<sequence>."""
    result = make_result(fixture_jobs["PassingJob"], logs=7)
    make_result(fixture_jobs["PassingJob"], logs=2)
    url, seen, counts = f"{LOGS_URL}?job_result={result.pk}&limit=3", [], set()
    while url:
        body = admin_api.get(url).json()
        seen += [line["message"] for line in body["results"]]
        counts.add(body["count"])
        url = body["next"]
        assert url is None or ("after=" in url and "offset=" not in url)
    assert seen == [f"line {n}" for n in range(1, 8)] and counts == {7}


def test_after_without_exactly_one_run_is_refused(admin_api, fixture_jobs):
    make_result(fixture_jobs["PassingJob"], logs=2)
    response = admin_api.get(LOGS_URL, {"after": "1"})
    assert_status(response, 400)
    assert "after" in response.json()["errors"]
