"""Schedules on the run form: its Job Execution fields, what it does with a schedule, and the preview of the next
run times."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.choices import JobExecutionTypeChoices
from extras.engine.services import FILES_SCHEDULE_MESSAGE, SENSITIVE_SCHEDULE_MESSAGE
from extras.models import Job, JobResult, ScheduledJob
from extras.schedules.requests import (
    CRONTAB_INVALID,
    NAME_REQUIRED,
    START_TIME_INVALID,
)
from tests.extras.schedules.helpers import later
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

LIST_URL = reverse("extras:scheduledjob_list")
PREVIEW_URL = reverse("extras:scheduledjob_preview")


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
