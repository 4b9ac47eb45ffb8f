"""Schedules in the web UI: the scheduled jobs list and a schedule's page (input, runs, decisions, pause/resume,
delete), and decisions on result pages. The run form's schedule fields: test_run_form.py."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.models import ApprovalDecision, Job, JobResult, ScheduledJob
from extras.schedules.approvals import approve_scheduled_job
from extras.schedules.requests import (
    ScheduleRequest,
    create_schedule,
)
from tests.extras.schedules.helpers import schedule_of
from tests.extras.ui.conftest import make_result
from tests.factories.dcim import ManufacturerFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

LIST_URL = reverse("extras:scheduledjob_list")
PREVIEW_URL = reverse("extras:scheduledjob_preview")


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
