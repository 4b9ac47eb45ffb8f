"""Schedules in the web UI: the run form's Job Execution fields and their preview, the scheduled jobs
list and a schedule's page (input, runs, decisions, pause/resume, delete), and decisions on result pages.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.choices import JobExecutionTypeChoices
from extras.engine.services import FILES_SCHEDULE_MESSAGE, SENSITIVE_SCHEDULE_MESSAGE
from extras.models import ApprovalDecision, Job, JobResult, ScheduledJob
from extras.schedules.approvals import approve_scheduled_job
from extras.schedules.requests import (
    CRONTAB_INVALID,
    NAME_REQUIRED,
    START_TIME_INVALID,
    ScheduleRequest,
    create_schedule,
)
from tests.extras.ui.conftest import make_result
from tests.factories.dcim import ManufacturerFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

LIST_URL = reverse("extras:scheduledjob_list")
PREVIEW_URL = reverse("extras:scheduledjob_preview")


def later(**delta) -> str:
    """A start time as a datetime-local input sends it, on the UTC wall clock."""
    return (timezone.now().astimezone(UTC) + timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%S")


def schedule_of(job: Job, user=None, interval="daily", start_time=None, **options) -> ScheduledJob:
    return create_schedule(
        job,
        ScheduleRequest(
            interval=interval,
            name=options.pop("name", f"{interval} run"),
            start_time=start_time or timezone.now() + timedelta(hours=1),
            **options,
        ),
        user=user,
        data={"manufacturer_name": "Stored Inc", "model_name": ""},
        commit=True,
        task_queue="default",
    )


def run_form(client, job, data):
    return client.post(job.get_absolute_url(), data)


# --- The run form's schedule fields -------------------------------------------------------------------


def test_the_form_offers_every_schedule_type_and_a_time_zone_defaulting_to_the_servers(
    admin_client, fixture_jobs, settings
):
    settings.TIME_ZONE = "Europe/Berlin"
    html = admin_client.get(fixture_jobs["CreateManufacturerJob"].get_absolute_url()).content.decode()
    for value, label in JobExecutionTypeChoices.CHOICES:
        assert f'<option value="{value}"' in html and f">{label}</option>" in html
    assert re.search(r'<option value="immediately" selected>Once immediately</option>', html)
    assert '<label class="form-label" for="id__schedule_interval">Schedule type</label>' in html
    assert re.search(r'<input type="datetime-local" name="_schedule_start_time"', html)
    assert "Read in the time zone below" in html
    assert re.search(r'<option value="Europe/Berlin" selected>Europe/Berlin</option>', html)
    assert "(server: Europe/Berlin)" in html
    assert 'data-schedule-for="custom"' in html  # the crontab shows only for custom schedules (with JS)
    assert 'hx-get="/extras/scheduled-jobs/preview/"' in html and "schedule-form.js" in html
    assert 'data-label-now="Run Job Now" data-label-schedule="Schedule Job">Run Job Now</button>' in html


def test_a_job_that_requires_approval_says_so_on_its_button(admin_client, fixture_jobs):
    html = admin_client.get(fixture_jobs["ApprovalJob"].get_absolute_url()).content.decode()
    assert (
        'data-label-now="Request to Run Job Now" data-label-schedule="Request to Schedule Job">'
        "Request to Run Job Now</button>"
    ) in html


def test_a_job_with_sensitive_variables_has_no_schedule_fields_and_says_why(admin_client, fixture_jobs):
    html = admin_client.get(fixture_jobs["PassingJob"].get_absolute_url()).content.decode()
    assert "_schedule_interval" not in html and "schedule-fields" not in html
    assert "it can only run immediately" in html


def test_a_posted_schedule_for_a_sensitive_job_is_refused_not_run_now(admin_client, fixture_jobs):
    response = run_form(admin_client, fixture_jobs["PassingJob"], {"_schedule_interval": "daily"})
    assert response.status_code == 200
    assert SENSITIVE_SCHEDULE_MESSAGE in response.content.decode()
    assert not JobResult.objects.exists() and not ScheduledJob.objects.exists()


def test_a_daily_schedule_is_created_in_the_chosen_time_zone_and_opens_its_page(
    admin_client, superuser, fixture_jobs
):
    job = fixture_jobs["CreateManufacturerJob"]
    start = (timezone.now() + timedelta(days=2)).astimezone(ZoneInfo("America/New_York"))
    response = run_form(
        admin_client,
        job,
        {
            "manufacturer_name": "Nightly Inc",
            "model_name": "",
            "_schedule_interval": "daily",
            "_schedule_name": "nightly",
            "_schedule_start_time": start.strftime("%Y-%m-%dT%H:%M"),
            "_schedule_time_zone": "America/New_York",
            "_commit": "on",
        },
    )
    schedule = ScheduledJob.objects.get()
    assert response.status_code == 302 and response["Location"] == schedule.get_absolute_url()
    assert (schedule.name, schedule.interval, schedule.time_zone) == ("nightly", "daily", "America/New_York")
    # The typed wall-clock time is read in the chosen zone.
    assert schedule.start_time == start.replace(second=0, microsecond=0)
    assert schedule.user == superuser and schedule.commit is True and not schedule.approval_required
    assert schedule.data == {"manufacturer_name": "Nightly Inc", "model_name": ""}
    assert not JobResult.objects.exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "Scheduled &quot;nightly&quot;: it first runs at" in page and "America/New_York" in page


def test_a_custom_schedule_needs_no_start_time(admin_client, fixture_jobs):
    job = fixture_jobs["CreateManufacturerJob"]
    data = {"manufacturer_name": "Cron Inc", "_schedule_interval": "custom", "_schedule_name": "quarterly"}
    response = run_form(admin_client, job, {**data, "_schedule_crontab": "*/15 * * * *"})
    schedule = ScheduledJob.objects.get()
    assert response["Location"] == schedule.get_absolute_url()
    assert schedule.crontab == "*/15 * * * *" and schedule.next_run_at.minute % 15 == 0


def test_schedule_errors_show_on_their_fields_and_keep_what_was_typed(admin_client, fixture_jobs):
    job = fixture_jobs["CreateManufacturerJob"]
    response = run_form(
        admin_client,
        job,
        {
            "manufacturer_name": "Typed Inc",
            "_schedule_interval": "future",
            "_schedule_start_time": "2001-01-01T10:00",
            "_schedule_time_zone": "Asia/Tokyo",
        },
    )
    assert response.status_code == 200
    errors = response.context["execution_form"].errors
    assert errors["_schedule_name"] == [NAME_REQUIRED]
    assert errors["_schedule_start_time"] == [START_TIME_INVALID]
    html = response.content.decode()
    assert 'value="Typed Inc"' in html and 'value="2001-01-01T10:00"' in html
    assert re.search(r'<option value="Asia/Tokyo" selected>', html)
    assert re.search(r'<option value="future" selected>', html)
    assert ">Schedule Job</button>" in html
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()

    response = run_form(
        admin_client,
        job,
        {
            "manufacturer_name": "x",
            "_schedule_interval": "custom",
            "_schedule_name": "c",
            "_schedule_crontab": "61 * * * *",
        },
    )
    assert response.context["execution_form"].errors["_schedule_crontab"] == [CRONTAB_INVALID]
    assert 'value="61 * * * *"' in response.content.decode()
    assert not ScheduledJob.objects.exists()


def test_a_job_given_files_cannot_be_scheduled(admin_client, fixture_jobs, every_variable_input):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {key: value for key, value in every_variable_input.items() if key != "boolean_var"}
    response = admin_client.post(
        fixture_jobs["EveryVariableJob"].get_absolute_url(),
        {
            **data,
            "file_var": SimpleUploadedFile("hosts.txt", b"10.0.0.1\n"),
            "_schedule_interval": "hourly",
            "_schedule_name": "with a file",
            "_schedule_start_time": later(hours=1),
        },
    )
    assert response.context["execution_form"].errors["_schedule_interval"] == [FILES_SCHEDULE_MESSAGE]
    assert not ScheduledJob.objects.exists()


def test_a_schedule_of_a_job_that_requires_approval_goes_to_the_approval_queue(admin_client, fixture_jobs):
    response = run_form(
        admin_client,
        fixture_jobs["ApprovalJob"],
        {
            "note": "n",
            "_schedule_interval": "weekly",
            "_schedule_name": "weekly note",
            "_schedule_start_time": later(days=1),
        },
    )
    assert response["Location"] == reverse("extras:scheduledjob_approval_queue")
    schedule = ScheduledJob.objects.get()
    assert schedule.awaiting_approval and schedule.interval == "weekly"
    html = admin_client.get(response["Location"]).content.decode()
    assert "your request to schedule it as &quot;weekly note&quot; waits for another user" in html


def test_a_requester_who_may_not_see_schedules_is_sent_back_to_the_job(client, fixture_jobs):
    user = UserFactory()
    grant(user, Job, ["view", "run"])
    client.force_login(user)
    job = fixture_jobs["ApprovalJob"]
    response = run_form(client, job, {"note": "n"})
    assert response["Location"] == job.get_absolute_url()
    assert ScheduledJob.objects.get().user == user


# --- Preview of the next runs ---------------------------------------------------------------------------


def test_the_preview_lists_the_next_five_runs_of_a_crontab_in_its_time_zone(admin_client):
    response = admin_client.get(
        PREVIEW_URL,
        {
            "_schedule_interval": "custom",
            "_schedule_crontab": "30 9 * * 1-5",
            "_schedule_time_zone": "Europe/Berlin",
        },
    )
    html = response.content.decode()
    times = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', html)
    assert len(times) == 5 and "Next 5 runs (Europe/Berlin)" in html
    for iso, text in times:
        moment = datetime.fromisoformat(iso).astimezone(ZoneInfo("Europe/Berlin"))
        assert (moment.hour, moment.minute) == (9, 30) and moment.isoweekday() <= 5
        assert "09:30 CE" in text  # CET or CEST, as the wall clock reads


def test_the_preview_shows_the_validation_errors_and_nothing_for_a_run_now(admin_client):
    bad = admin_client.get(PREVIEW_URL, {"_schedule_interval": "custom", "_schedule_crontab": "every day"})
    assert CRONTAB_INVALID in bad.content.decode() and "<time" not in bad.content.decode()
    assert admin_client.get(PREVIEW_URL, {"_schedule_interval": "immediately"}).content.decode().strip() == ""
    one_off = admin_client.get(
        PREVIEW_URL, {"_schedule_interval": "future", "_schedule_start_time": later(days=1)}
    )
    assert len(re.findall(r"<time ", one_off.content.decode())) == 1


def test_the_form_renders_the_preview_after_a_refused_submission(admin_client, fixture_jobs):
    response = run_form(
        admin_client,
        fixture_jobs["CreateManufacturerJob"],
        {"manufacturer_name": "x", "_schedule_interval": "custom", "_schedule_crontab": "0 * * * *"},
    )
    html = response.content.decode()
    assert response.context["execution_form"].errors["_schedule_name"] == [NAME_REQUIRED]
    assert 'id="schedule-preview-runs"' in html and len(re.findall(r"<li><time ", html)) == 5


# --- Scheduled jobs list --------------------------------------------------------------------------------


def listed(response) -> list[ScheduledJob]:
    return [row.record for row in response.context["table"].rows]


def test_the_list_shows_each_schedule_and_filters_by_job_type_state_and_approval(
    admin_client, fixture_jobs, superuser
):
    writing, approval = fixture_jobs["CreateManufacturerJob"], fixture_jobs["ApprovalJob"]
    daily = schedule_of(writing, superuser, "daily", name="daily one")
    custom = schedule_of(
        writing, superuser, "custom", crontab="0 3 * * *", name="custom one", start_time=None
    )
    waiting = schedule_of(approval, superuser, "future", name="waiting one")
    ScheduledJob.objects.filter(pk=custom.pk).update(enabled=False)

    response = admin_client.get(LIST_URL)
    assert set(listed(response)) == {daily, custom, waiting}
    html = response.content.decode()
    for header in (
        "Name",
        "Job",
        "Interval",
        "Start",
        "Next run",
        "Last run",
        "Run count",
        "Enabled",
        "Approval",
    ):
        assert f">{header}</a>" in html or f">{header}</th>" in html
    assert (
        "Awaiting approval" in html
        and "Not required" in html
        and '<code class="small">0 3 * * *</code>' in html
    )
    assert set(listed(admin_client.get(LIST_URL, {"job": writing.pk}))) == {daily, custom}
    assert listed(admin_client.get(LIST_URL, {"interval": "custom"})) == [custom]
    assert set(listed(admin_client.get(LIST_URL, {"enabled": "false"}))) == {custom}
    assert listed(admin_client.get(LIST_URL, {"needs_approval": "true"})) == [waiting]
    assert listed(admin_client.get(LIST_URL, {"q": "daily"})) == [daily]


def test_the_lists_yes_no_filters_read_any_not_unknown_until_chosen(admin_client):
    html = admin_client.get(LIST_URL).content.decode()
    for name in ("enabled", "needs_approval"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
        assert re.findall(r'<option value="([^"]*)"( selected)?>([^<]+)</option>', select) == [
            ("", " selected", "Any"),
            ("true", "", "Yes"),
            ("false", "", "No"),
        ]
    chosen = admin_client.get(LIST_URL, {"enabled": "false"}).content.decode()
    assert re.search(
        r'<select name="enabled"[^>]*>.*?<option value="false" selected>No</option>', chosen, re.S
    )
    assert "Unknown" not in html


def test_the_list_costs_the_same_queries_for_many_schedules(
    admin_client, fixture_jobs, superuser, django_assert_max_num_queries
):
    for number in range(3):
        schedule_of(fixture_jobs["CreateManufacturerJob"], superuser, name=f"s{number}")
    with django_assert_max_num_queries(12) as few:
        admin_client.get(LIST_URL)
    for number in range(30):
        schedule_of(fixture_jobs["ApprovalJob"], UserFactory(), "future", name=f"t{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(LIST_URL)
    assert len(listed(response)) == 33


def test_the_list_needs_the_view_permission_and_honours_constraints(client, fixture_jobs):
    mine_user, other = UserFactory(), UserFactory()
    mine = schedule_of(fixture_jobs["CreateManufacturerJob"], mine_user, name="mine")
    schedule_of(fixture_jobs["CreateManufacturerJob"], other, name="theirs")
    client.force_login(mine_user)
    assert client.get(LIST_URL).status_code == 403
    grant(mine_user, ScheduledJob, ["view"], constraints={"user": "$user"})
    assert listed(client.get(LIST_URL)) == [mine]


# --- A schedule's page ----------------------------------------------------------------------------------


def test_the_page_shows_timing_requester_approval_and_input_with_variable_labels(admin_client, fixture_jobs):
    requester, approver = UserFactory(username="req"), UserFactory(username="appr")
    grant(approver, Job, ["approve"])
    manufacturer = ManufacturerFactory(name="Acme")
    job = fixture_jobs["EveryVariableJob"]
    Job.objects.filter(pk=job.pk).update(approval_required=True, approval_required_override=True)
    job.refresh_from_db()
    schedule = create_schedule(
        job,
        ScheduleRequest(
            interval="custom", name="weekday mornings", crontab="30 9 * * 1-5", time_zone="Europe/Berlin"
        ),
        user=requester,
        data={"string_var": "a-b", "object_var": str(manufacturer.pk)},
        commit=False,
        task_queue="default",
    )
    approve_scheduled_job(schedule, approver)
    html = admin_client.get(schedule.get_absolute_url()).content.decode()
    assert "weekday mornings" in html and '<code class="small">30 9 * * 1-5</code>' in html
    assert "Europe/Berlin" in html and re.search(r"\d{4}-\d\d-\d\d 09:30 CES?T", html)  # the next run
    assert '<th scope="row">Requested by</th><td>req</td>' in html
    assert 'Approved</span> <span class="small">by appr</span>' in html
    assert '<th scope="row">String var</th>' in html and "a-b" in html
    assert f'<a href="{manufacturer.get_absolute_url()}">Acme</a>' in html
    assert re.search(r'data-decision="approved">\s*<strong>Approved</strong> by appr', html)


def test_stored_input_left_empty_reads_none_not_null(admin_client, fixture_jobs, superuser):
    schedule = create_schedule(
        fixture_jobs["EveryVariableJob"],
        ScheduleRequest(interval="future", name="sparse", start_time=timezone.now() + timedelta(hours=1)),
        user=superuser,
        data={"string_var": "a-b", "object_var": None, "multichoice_var": [], "boolean_var": False},
        commit=False,
        task_queue="default",
    )
    html = admin_client.get(schedule.get_absolute_url()).content.decode()
    table = re.search(r'<table[^>]*id="schedule-inputs">(.*?)</table>', html, re.S).group(1)
    assert ">null<" not in table and "None" not in table
    assert table.count('<span class="text-body-secondary">(none)</span>') == 2
    assert re.search(r'Boolean var</th><td>\s*<span class="badge text-bg-secondary">No</span>', table)


def test_the_page_warns_when_the_job_is_no_longer_installed(admin_client, fixture_jobs):
    job = fixture_jobs["CreateManufacturerJob"]
    schedule = schedule_of(job, name="orphan")
    Job.objects.filter(pk=job.pk).update(installed=False)
    html = admin_client.get(schedule.get_absolute_url()).content.decode()
    assert "is no longer installed" in html
    Job.objects.filter(pk=job.pk).delete()
    html = admin_client.get(schedule.get_absolute_url()).content.decode()
    assert "no longer exists" in html and job.class_path in html


def test_the_page_lists_its_runs_paginated_in_bounded_queries(
    admin_client, fixture_jobs, django_assert_max_num_queries
):
    job = fixture_jobs["CreateManufacturerJob"]
    schedule = schedule_of(job, name="busy")
    for hour in range(3):
        make_result(job, schedule=schedule, scheduled_for=timezone.now() - timedelta(hours=hour))
    with django_assert_max_num_queries(25) as few:
        admin_client.get(schedule.get_absolute_url())
    for hour in range(3, 60):
        make_result(job, schedule=schedule, scheduled_for=timezone.now() - timedelta(hours=hour))
    make_result(job, schedule=schedule)  # a dry run of the request: no occurrence
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(schedule.get_absolute_url(), {"per_page": 25})
    html = response.content.decode()
    assert (
        response.context["runs_page"].paginator.count == 61 and len(response.context["runs_table"].rows) == 25
    )
    assert 'Runs <span class="badge text-bg-secondary">61</span>' in html and 'rel="next"' in html
    assert "Dry run</span>" in html and "Scheduled for" in html


def test_pausing_and_resuming_from_the_page(admin_client, fixture_jobs):
    schedule = schedule_of(fixture_jobs["CreateManufacturerJob"], name="pausable", interval="hourly")
    url = reverse("extras:scheduledjob_enable", kwargs={"pk": schedule.pk})
    assert admin_client.get(schedule.get_absolute_url()).content.decode().count(">Disable</button>") == 1
    response = admin_client.post(url, {"enabled": "false"}, follow=True)
    assert "Paused pausable" in response.content.decode() and ">Enable</button>" in response.content.decode()
    schedule.refresh_from_db()
    assert not schedule.enabled
    ScheduledJob.objects.filter(pk=schedule.pk).update(next_run_at=timezone.now() - timedelta(hours=5))
    response = admin_client.post(url, {"enabled": "true"}, follow=True)
    schedule.refresh_from_db()
    assert schedule.enabled and schedule.next_run_at > timezone.now()  # the pause's occurrences are skipped
    assert "Resumed pausable: it runs next at" in response.content.decode()


def test_pausing_needs_the_change_permission_and_get_is_not_allowed(client, fixture_jobs):
    user = UserFactory()
    grant(user, ScheduledJob, ["view"])
    client.force_login(user)
    schedule = schedule_of(fixture_jobs["CreateManufacturerJob"], name="locked")
    url = reverse("extras:scheduledjob_enable", kwargs={"pk": schedule.pk})
    assert ">Disable</button>" not in client.get(schedule.get_absolute_url()).content.decode()
    assert client.post(url, {"enabled": "false"}).status_code == 403
    assert client.get(url).status_code == 405
    grant(user, ScheduledJob, ["change"], constraints={"name": "other"})
    assert client.post(url, {"enabled": "false"}).status_code == 404
    schedule.refresh_from_db()
    assert schedule.enabled


def test_a_schedule_is_deleted_after_confirmation(admin_client, fixture_jobs):
    schedule = schedule_of(fixture_jobs["CreateManufacturerJob"], name="doomed")
    delete_url = reverse("extras:scheduledjob_delete", kwargs={"pk": schedule.pk})
    assert f'href="{delete_url}"' in admin_client.get(schedule.get_absolute_url()).content.decode()
    assert admin_client.get(delete_url).status_code == 200
    response = admin_client.post(delete_url)
    assert response["Location"] == LIST_URL and not ScheduledJob.objects.exists()


def test_a_schedule_outside_the_users_constraints_is_not_found(client, fixture_jobs):
    user = UserFactory()
    grant(user, ScheduledJob, ["view", "delete"], constraints={"name": "visible"})
    client.force_login(user)
    hidden = schedule_of(fixture_jobs["CreateManufacturerJob"], name="hidden")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.post(reverse("extras:scheduledjob_delete", kwargs={"pk": hidden.pk})).status_code == 404
    assert ScheduledJob.objects.filter(pk=hidden.pk).exists()


# --- Decisions on result pages --------------------------------------------------------------------------


def test_a_run_from_an_approved_schedule_shows_who_approved_it(admin_client, fixture_jobs):
    requester, approver = UserFactory(username="asker"), UserFactory(username="boss")
    grant(approver, Job, ["approve"])
    schedule = schedule_of(fixture_jobs["ApprovalJob"], requester, "immediately", name="now please")
    approve_scheduled_job(schedule, approver)
    result = JobResult.objects.get(schedule=schedule)
    html = admin_client.get(result.get_absolute_url()).content.decode()
    assert 'id="approval-decisions"' in html
    assert re.search(r"<strong>Approved</strong> by boss\s+on <time", html)
    assert 'request "now please" of asker' in html


def test_a_dry_run_result_shows_its_decision_and_an_unrelated_run_none(admin_client, fixture_jobs, superuser):
    job = fixture_jobs["ApprovalJob"]
    schedule = schedule_of(job, UserFactory(), "immediately", name="try me")
    dry_run = make_result(job, schedule=schedule, user=superuser, commit=False)
    ApprovalDecision.objects.create(
        scheduled_job=schedule,
        schedule_name=schedule.name,
        job_model=job,
        requested_by=schedule.user,
        decision="dry-run",
        decided_by=superuser,
        job_result=dry_run,
    )
    html = admin_client.get(dry_run.get_absolute_url()).content.decode()
    assert re.search(r"<strong>Dry run</strong> by " + re.escape(superuser.username), html)
    plain = make_result(job)
    assert 'id="approval-decisions"' not in admin_client.get(plain.get_absolute_url()).content.decode()
