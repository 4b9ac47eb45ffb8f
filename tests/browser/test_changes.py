"""The change log and reviewed commits in real Chromium against the live server and a real worker: an
object's Changelog tab and a change's difference, a run's Changes tab, and a dry run whose reviewed
changes are committed with "Commit these changes"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dcim.models import Site
from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult, ObjectChange
from tests.factories.dcim import DeviceTypeFactory, ManufacturerFactory, status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUN_TIMEOUT_MS = 60_000


def status_badge(page):
    return page.locator("#result-summary .status-badge")


def test_an_objects_changelog_tab_shows_who_changed_what_and_the_difference(
    signed_in, live_server, artifacts
):
    page = signed_in
    status("active")
    page.goto(f"{live_server.url}/dcim/sites/add/")
    page.get_by_label("Name", exact=True).fill("Berlin")
    page.get_by_label("Status", exact=True).select_option(label="Active")
    page.get_by_role("button", name="Create").click()
    page.get_by_role("link", name="Berlin", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Berlin")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Facility", exact=True).fill("DC 7")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("navigation", name="Object sections").get_by_role("link", name="Changelog").click()
    rows = page.locator("#object-changelog tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Updated")
    expect(rows.nth(0)).to_contain_text("alice")
    expect(rows.nth(1)).to_contain_text("Created")
    page.screenshot(path=str(artifacts / "object-changelog.png"), full_page=True)

    rows.nth(0).get_by_role("link").first.click()  # the change's time links to its page
    facility = page.locator('#change-difference tr[data-field="facility"]')
    expect(facility).to_have_attribute("data-kind", "changed")
    expect(facility.locator(".diff-after")).to_have_text("DC 7")
    expect(page.locator("#change-summary")).to_contain_text("alice")
    page.screenshot(path=str(artifacts / "object-change.png"), full_page=True)
    changes = ObjectChange.objects.filter(changed_object_id=Site.objects.get(name="Berlin").pk)
    assert {change.user.username for change in changes} == {"alice"}
    assert len({change.request_id for change in changes}) == 2  # one per request


def test_a_dry_run_shows_what_it_would_change_and_commit_these_changes_commits_exactly_that(
    signed_in, live_server, celery_worker, fixture_jobs, artifacts
):
    page = signed_in
    status("active")
    acme = ManufacturerFactory(name="Acme")
    DeviceTypeFactory(manufacturer=acme, model="Acme 1")
    page.goto(f"{live_server.url}{fixture_jobs['ProvisionSiteJob'].get_absolute_url()}")
    page.get_by_label("Site name", exact=True).fill("Branch Ten")
    page.get_by_label("Manufacturer", exact=True).select_option(label="Acme")
    page.get_by_label("Device type", exact=True).select_option(label="Acme 1")
    expect(page.get_by_label("Commit changes", exact=True)).not_to_be_checked()
    page.get_by_role("button", name="Run Job Now").click()
    expect(status_badge(page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    assert not Site.objects.filter(name="Branch Ten").exists()

    # The log line of the site it created links to the site's entry in the change set, not to a 404.
    page.reload()
    page.locator("#log-rows").get_by_role("link", name="Branch Ten").click()
    page.wait_for_url("**/changes/?page=1#change-*")
    entry = page.locator(".run-change").filter(has_text="Branch Ten")
    expect(entry).to_have_attribute("data-action", "create")
    expect(entry.locator('tr[data-field="name"] .diff-after')).to_have_text("Branch Ten")
    expect(page.get_by_role("navigation", name="Run sections")).to_contain_text("Would change 1")
    page.screenshot(path=str(artifacts / "dry-run-changes.png"), full_page=True)

    page.get_by_role("button", name="Commit these changes").click()
    page.wait_for_url("**/extras/job-results/*/")
    expect(status_badge(page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    committed = JobResult.objects.get(reviewed_result__isnull=False)
    assert committed.status == Status.STATUS_COMPLETED and committed.commit
    assert Site.objects.filter(name="Branch Ten").count() == 1

    page.get_by_role("navigation", name="Run sections").get_by_role("link", name="Changes").click()
    expect(page.locator("#reviewed-link")).to_contain_text("they matched")
    entry = page.locator(".run-change").filter(has_text="Branch Ten")
    expect(entry).to_have_attribute("data-action", "create")
    expect(entry.get_by_role("link", name="Change log entry")).to_be_visible()
    page.screenshot(path=str(artifacts / "committed-changes.png"), full_page=True)
    page.locator("#reviewed-link").get_by_role("link").click()
    expect(page.locator(f'[data-commit-run="{committed.pk}"]')).to_contain_text("Completed")
