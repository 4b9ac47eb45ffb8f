"""In real Chromium: dark mode following the system and the toggle (kept across pages), a running job's
progress bar filling up, and a log export downloaded; each leaves a screenshot in the artifacts folder."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from extras.choices import JobResultStatusChoices as Status
from tests.extras.ui.conftest import make_result
from tests.runs import submit, wait_terminal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def finished_result(fixture_jobs):
    start = timezone.now() - timedelta(seconds=95)
    lines = [("run", "info", f"Checked device sw-{index:02d}") for index in range(1, 9)] + [
        ("run", "warning", "sw-07 has no primary IP"),
        ("run", "success", "Inventory checked"),
        ("test_cabling", "failure", "sw-03 Gi0/1 is not cabled"),
    ]
    return make_result(
        fixture_jobs["SlowJob"],
        status=Status.STATUS_FAILED,
        commit=False,
        started=start,
        completed=start + timedelta(seconds=92),
        progress_done=40,
        progress_total=40,
        progress_message="sw-40",
        progress_updated=start + timedelta(seconds=91),
        success_count=1,
        info_count=8,
        warning_count=1,
        failure_count=1,
        lines=lines,
    )


def theme(page) -> str:
    return page.evaluate("document.documentElement.getAttribute('data-bs-theme')")


def test_dark_mode_follows_the_system_and_the_toggle_is_remembered(
    signed_in, live_server, fixture_jobs, artifacts
):
    page = signed_in
    page.set_viewport_size({"width": 1400, "height": 900})
    result = finished_result(fixture_jobs)
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    assert theme(page) == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    page.screenshot(path=str(artifacts / "result-dark.png"), full_page=True)

    toggle = page.locator("#theme-toggle")
    toggle.click()  # system -> light
    assert theme(page) == "light"
    expect(toggle).to_have_attribute("title", "Theme: light")
    page.reload()
    assert theme(page) == "light"  # remembered, although the system says dark
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    page.screenshot(path=str(artifacts / "result-light.png"), full_page=True)
    toggle.click()  # light -> dark
    assert theme(page) == "dark"
    toggle.click()  # dark -> system (dark here)
    expect(toggle).to_have_attribute("title", "Theme: system")
    page.emulate_media(color_scheme="light")
    # Follows the system while on "system" (the media query's change event, a moment later).
    page.wait_for_function("document.documentElement.getAttribute('data-bs-theme') === 'light'")


def test_a_running_job_shows_its_progress_filling_up(
    signed_in, live_server, celery_worker, fixture_jobs, artifacts
):
    page = signed_in
    page.set_viewport_size({"width": 1400, "height": 900})
    result = submit(fixture_jobs["SlowJob"], data={"seconds": 8})
    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    count = page.locator("#progress-count")
    expect(count).to_contain_text("of 80", timeout=30_000)
    expect(page.locator("#progress-eta")).to_contain_text("left")
    bar = page.locator("#result-progress .progress-bar")
    first = int(page.locator("#result-progress [role=progressbar]").get_attribute("aria-valuenow"))
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "running-progress.png"), full_page=True)
    wait_terminal(result)
    expect(page.locator("#progress-count")).to_have_text("80 of 80", timeout=15_000)
    expect(bar).to_have_text("100%")
    assert first < 100
    expect(page.locator("#progress-eta")).to_have_count(0)  # ended: no estimate


def test_the_log_downloads_as_text_from_the_result_page(signed_in, live_server, fixture_jobs, artifacts):
    page = signed_in
    page.set_viewport_size({"width": 1400, "height": 900})
    result = finished_result(fixture_jobs)
    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    with page.expect_download() as download_info:
        page.locator("#log-export").get_by_role("link", name="Text").click()
    download = download_info.value
    assert download.suggested_filename == f"job-result-{result.pk}-log.txt"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.count("\n") == 11 and "FAILURE  test_cabling  sw-03 Gi0/1 is not cabled" in text
    with page.expect_download() as csv_info:
        page.locator("#log-export").get_by_role("link", name="CSV").click()
    csv_text = Path(csv_info.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("sequence,time,level,method,object,object_url,message")
    # The downloaded file, shown as a page for the record.
    page.set_content(
        "<html><body style='font: 13px monospace; padding: 1em'><h3>"
        f"{download.suggested_filename}</h3><pre id='export'></pre></body></html>"
    )
    page.locator("#export").evaluate("(node, text) => { node.textContent = text; }", text)
    page.screenshot(path=str(artifacts / "log-export.png"), full_page=True)
