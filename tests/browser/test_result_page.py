"""The result and job pages in real Chromium: a live log following the tail of a 100,000-line run, a long
class path that stays inside the job page's Source card (issue 17, defects 1 and 4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobLogEntry
from extras.routers import LIVE_ALIAS
from tests.extras.ui.conftest import make_result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_lines(result, start: int, count: int, grouping: str = "run") -> None:
    """Lines a running job writes, committed as the log handler commits them (outside the run)."""
    JobLogEntry.objects.using(LIVE_ALIAS).bulk_create(
        [
            JobLogEntry(
                job_result_id=result.pk,
                sequence=sequence,
                grouping=grouping,
                log_level="info",
                message=f"line {sequence}",
            )
            for sequence in range(start, start + count)
        ],
        batch_size=5000,
    )


def test_the_live_log_follows_the_tail_of_a_100_000_line_run(signed_in, live_server, fixture_jobs):
    page = signed_in
    result = make_result(fixture_jobs["SlowJob"], status=Status.STATUS_RUNNING)
    write_lines(result, 1, 100_000)
    page.goto(f"{live_server.url}{result.get_absolute_url()}")
    rows = page.locator("#log-rows tr.log-line")
    expect(rows.last).to_have_attribute("data-sequence", "100000")

    write_lines(result, 100_001, 2_500, grouping="test_tail")  # more than a page at once: a jump
    expect(rows.last).to_have_attribute("data-sequence", "102500", timeout=15_000)
    write_lines(result, 102_501, 30, grouping="test_tail")  # a few: appended after the rows shown
    expect(rows.last).to_have_attribute("data-sequence", "102530", timeout=15_000)
    expect(rows).to_have_count(100)  # only the newest page stays in the table
    assert rows.first.get_attribute("data-sequence") == "102431"
    expect(page.locator("#log-rows tr.log-group-row").first).to_have_text("test_tail")
    expect(page.locator("#log-count")).to_have_text("Lines 102431\u2013102530 of 102530, more arriving")
    page.locator("#log-footer").get_by_role("link", name="Previous").click()
    # Page 1025 of 1026: lines 102401 to 102500, no longer followed.
    expect(page.locator("#log-rows tr.log-line").last).to_have_attribute("data-sequence", "102500")
    expect(page.locator("#log-rows tr.log-line").first).to_have_attribute("data-sequence", "102401")
    expect(page.locator("#log-count")).to_have_text("Lines 102401\u2013102500 of 102530, more arriving")


def test_a_long_class_path_stays_inside_the_source_card(signed_in, live_server, fixture_jobs):
    page = signed_in
    page.set_viewport_size({"width": 1400, "height": 900})
    job = fixture_jobs["PassingJob"]
    long_module = "a_module_with_a_very_long_name_that_nobody_would_shorten_" * 2
    Job.objects.filter(pk=job.pk).update(
        module_name=long_module[:100], class_path=f"local/{long_module[:100]}/AVeryLongJobClassNameIndeed"
    )
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    cell = page.locator("#job-class-path")
    expect(cell).to_contain_text("AVeryLongJobClassNameIndeed")
    card = page.locator("section", has=page.locator("#job-source-heading"))
    card_box, cell_box = card.bounding_box(), cell.bounding_box()
    assert cell_box["x"] + cell_box["width"] <= card_box["x"] + card_box["width"] + 1
    scrolls = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not scrolls
