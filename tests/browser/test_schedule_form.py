"""The run form's Job Execution section in real Chromium: schedule fields shown per schedule type, the
live preview of a crontab's next five runs, server-side errors, the scheduled job's page, and the same
form working with JavaScript turned off.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from extras.models import JobResult, ScheduledJob
from tests.browser.conftest import TIMEOUT_MS
from tests.factories.users import SuperuserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_job(page, live_server, job) -> None:
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Job Execution")).to_be_visible()


def test_a_custom_crontab_previews_its_next_five_runs_and_opens_the_scheduled_job(
    signed_in, live_server, fixture_jobs, artifacts
):
    page = signed_in
    job = fixture_jobs["CreateManufacturerJob"]
    open_job(page, live_server, job)
    schedule_type = page.get_by_label("Schedule type", exact=True)
    expect(schedule_type).to_have_value("immediately")
    for label in ("Schedule name", "Start time", "Crontab", "Time zone"):
        expect(page.get_by_label(label, exact=True)).to_be_hidden()
    expect(page.locator("#job-submit")).to_have_text("Run Job Now")

    schedule_type.select_option(label="Recurring custom")
    expect(page.locator("#job-submit")).to_have_text("Schedule Job")
    crontab = page.get_by_label("Crontab", exact=True)
    expect(crontab).to_be_visible()
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("UTC")
    expect(page.locator("#schedule-preview")).to_contain_text("Please enter a valid crontab.")

    crontab.fill("61 * * * *")
    expect(page.locator("#schedule-preview-errors")).to_have_text("Please enter a valid crontab.")
    crontab.fill("*/15 * * * *")
    runs = page.locator("#schedule-preview-runs li time")
    expect(runs).to_have_count(5)
    expect(page.locator("#schedule-preview-runs")).to_contain_text("Next 5 runs (UTC)")
    minutes = [int(re.search(r"(\d\d):(\d\d) UTC", text).group(2)) for text in runs.all_inner_texts()]
    assert all(minute % 15 == 0 for minute in minutes), minutes

    page.get_by_label("Time zone", exact=True).select_option("Asia/Kolkata")  # UTC+05:30
    expect(page.locator("#schedule-preview-runs")).to_contain_text("Next 5 runs (Asia/Kolkata)")
    expect(runs.first).to_contain_text("IST")

    page.get_by_label("Manufacturer name", exact=True).fill("Cron Inc")
    page.get_by_label("Schedule name", exact=True).fill("every quarter hour")
    page.screenshot(path=str(artifacts / "schedule-form.png"), full_page=True)
    page.locator("#job-submit").click()

    page.wait_for_url(re.compile(r".*/extras/scheduled-jobs/[0-9a-f-]{36}/$"))
    schedule = ScheduledJob.objects.get()
    assert page.url.endswith(schedule.get_absolute_url())
    assert (schedule.interval, schedule.crontab, schedule.time_zone) == (
        "custom",
        "*/15 * * * *",
        "Asia/Kolkata",
    )
    expect(page.locator(".messages")).to_contain_text('Scheduled "every quarter hour": it first runs at')
    expect(page.get_by_role("heading", name=re.compile("every quarter hour"))).to_be_visible()
    details = page.locator("table.detail-table").first
    expect(details).to_contain_text("*/15 * * * *")
    expect(details).to_contain_text("Asia/Kolkata")
    expect(details).to_contain_text("Not required")
    expect(page.locator("#schedule-inputs")).to_contain_text("Cron Inc")
    expect(page.locator("#schedule-runs")).to_contain_text("None yet.")
    assert not JobResult.objects.exists()

    page.get_by_role("button", name="Disable").click()
    expect(page.locator(".messages")).to_contain_text("Paused every quarter hour")
    schedule.refresh_from_db()
    assert not schedule.enabled


def test_schedule_errors_come_back_on_their_fields_with_the_typed_values(
    signed_in, live_server, fixture_jobs
):
    page = signed_in
    open_job(page, live_server, fixture_jobs["CreateManufacturerJob"])
    page.get_by_label("Manufacturer name", exact=True).fill("Late Inc")
    page.get_by_label("Schedule type", exact=True).select_option("daily")
    expect(page.get_by_label("Crontab", exact=True)).to_be_hidden()
    page.get_by_label("Start time", exact=True).fill("2001-02-03T04:05")
    page.locator("#job-submit").click()

    expect(page.locator("#id__schedule_name_errors")).to_have_text(
        "Please provide a name for the job schedule."
    )
    expect(page.locator("#id__schedule_start_time_errors")).to_have_text(
        "Please enter a valid date and time greater than or equal to the current date and time."
    )
    expect(page.get_by_label("Schedule type", exact=True)).to_have_value("daily")
    expect(page.get_by_label("Start time", exact=True)).to_have_value("2001-02-03T04:05")
    expect(page.get_by_label("Manufacturer name", exact=True)).to_have_value("Late Inc")
    expect(page.locator("#job-submit")).to_have_text("Schedule Job")
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()


def test_without_javascript_every_schedule_field_shows_and_the_server_decides(
    browser, live_server, fixture_jobs
):
    SuperuserFactory(username="nojs")
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{live_server.url}/login/?next=/extras/jobs/")
        page.get_by_label("Username").fill("nojs")
        page.get_by_label("Password").fill("password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/extras/jobs/")
        open_job(page, live_server, fixture_jobs["CreateManufacturerJob"])
        for label in ("Schedule name", "Start time", "Crontab", "Time zone"):
            expect(page.get_by_label(label, exact=True)).to_be_visible()

        start = (timezone.now() + timedelta(days=1)).astimezone(UTC)
        page.get_by_label("Manufacturer name", exact=True).fill("Tomorrow Inc")
        page.get_by_label("Schedule type", exact=True).select_option("future")
        page.get_by_label("Schedule name", exact=True).fill("tomorrow")
        page.get_by_label("Start time", exact=True).fill(start.strftime("%Y-%m-%dT%H:%M"))
        page.get_by_label("Crontab", exact=True).fill("not read for a one-off")
        page.locator("#job-submit").click()  # labelled "Run Job Now": nothing renames it without JS

        page.wait_for_url(re.compile(r".*/extras/scheduled-jobs/[0-9a-f-]{36}/$"))
        schedule = ScheduledJob.objects.get()
        assert (schedule.interval, schedule.crontab) == ("future", "")
        assert schedule.start_time == start.replace(second=0, microsecond=0)
    finally:
        context.close()
