"""Approvals end to end in real Chromium with a real worker: user A asks to run a job that requires
approval through its form, user B finds the request in the Job Approval Queue and approves, denies or
dry-runs it; nobody approves their own request; a past-due one-off asks for confirmation first.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.models import ApprovalDecision, Job, JobResult, ScheduledJob
from extras.schedules.requests import ScheduleRequest, create_schedule
from tests.browser.conftest import TIMEOUT_MS
from tests.factories.users import UserFactory, grant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUN_TIMEOUT_MS = 60_000
QUEUE_PATH = "/extras/scheduled-jobs/approval-queue/"


@pytest.fixture
def writing_job(fixture_jobs) -> Job:
    """A job that changes the inventory, here requiring approval (an administrator's override)."""
    job = fixture_jobs["CreateManufacturerJob"]
    Job.objects.filter(pk=job.pk).update(approval_required=True, approval_required_override=True)
    job.refresh_from_db()
    return job


@pytest.fixture
def ann(db):
    """The requester: may run jobs and see scheduled jobs and results."""
    user = UserFactory(username="ann")
    grant(user, Job, ["view", "run"])
    grant(user, ScheduledJob, ["view"])
    grant(user, JobResult, ["view"])
    return user


@pytest.fixture
def bob(db):
    """The approver: approve on jobs, and change / delete on scheduled jobs, as the API asks."""
    user = UserFactory(username="bob")
    grant(user, Job, ["view", "run", "approve"])
    grant(user, ScheduledJob, ["view", "change", "delete"])
    grant(user, JobResult, ["view"])
    return user


@pytest.fixture
def sign_in(browser, live_server):
    """Return `sign_in(user)`: a page of its own browser context, logged in through the login form."""
    contexts = []

    def open_as(user):
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{live_server.url}/login/?next={QUEUE_PATH}")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill("password")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}{QUEUE_PATH}")
        return page

    yield open_as
    for context in contexts:
        context.close()


def request_through_the_form(page, live_server, job, manufacturer: str) -> ScheduledJob:
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    page.get_by_label("Manufacturer name", exact=True).fill(manufacturer)
    page.get_by_label("Model name", exact=True).fill("")
    page.get_by_label("Commit changes", exact=True).check()
    page.get_by_role("button", name="Request to Run Job Now").click()
    page.wait_for_url(f"{live_server.url}{QUEUE_PATH}")
    expect(page.locator(".messages")).to_contain_text("requires approval: your request to run it now waits")
    return latest_request()


def latest_request() -> ScheduledJob:
    return ScheduledJob.objects.order_by("-created").first()


def queue_row(page, schedule: ScheduledJob):
    return page.locator(f'#approval-queue tr[data-schedule="{schedule.pk}"]')


def status_badge(page):
    return page.locator("#result-summary .status-badge")


def test_a_request_is_approved_by_another_user_and_the_run_completes(
    sign_in, live_server, celery_worker, writing_job, ann, bob, artifacts
):
    ann_page = sign_in(ann)
    request = request_through_the_form(ann_page, live_server, writing_job, "Approved Inc")
    assert request.user == ann and request.awaiting_approval and request.commit is True
    assert not JobResult.objects.exists()

    bob_page = sign_in(bob)
    row = queue_row(bob_page, request)
    expect(row).to_contain_text("Create manufacturer")
    expect(row).to_contain_text("ann")
    expect(row).to_contain_text("As soon as approved")
    expect(row).to_contain_text("Manufacturer name:")
    expect(row).to_contain_text("Approved Inc")
    bob_page.screenshot(path=str(artifacts / "approval-queue.png"), full_page=True)
    row.get_by_role("button", name="Approve").click()
    expect(bob_page.locator(".messages")).to_contain_text(
        f"{request.name} was approved and will now begin execution"
    )
    expect(bob_page.locator("#approval-queue")).to_contain_text("No requests are waiting for approval.")

    bob_page.goto(f"{live_server.url}{request.get_absolute_url()}")
    expect(bob_page.locator("#approval-decisions")).to_contain_text("Approved by bob")
    bob_page.screenshot(path=str(artifacts / "scheduled-job.png"), full_page=True)
    bob_page.locator("#schedule-runs tbody a").first.click()
    expect(status_badge(bob_page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    expect(bob_page.locator("#approval-decisions")).to_contain_text("Approved by bob")
    expect(bob_page.locator("#result-summary")).to_contain_text("Committed")
    bob_page.screenshot(path=str(artifacts / "approved-result.png"), full_page=True)
    result = JobResult.objects.get(schedule=request)
    assert result.status == Status.STATUS_COMPLETED and result.user == ann
    assert Manufacturer.objects.filter(name="Approved Inc").exists()


def test_a_denied_request_is_gone_and_never_runs(sign_in, live_server, writing_job, ann, bob):
    request = request_through_the_form(sign_in(ann), live_server, writing_job, "Denied Inc")
    bob_page = sign_in(bob)
    queue_row(bob_page, request).get_by_role("button", name="Deny").click()
    expect(bob_page.locator(".messages")).to_contain_text(f"Approval of {request.name} was denied")
    expect(queue_row(bob_page, request)).to_have_count(0)
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()
    assert ApprovalDecision.objects.get().decision == "denied"
    assert not Manufacturer.objects.filter(name="Denied Inc").exists()


def test_a_dry_run_runs_with_commit_off_and_leaves_the_inventory_unchanged(
    sign_in, live_server, celery_worker, writing_job, ann, bob
):
    request = request_through_the_form(sign_in(ann), live_server, writing_job, "Dry Inc")
    assert request.commit is True  # the request would commit; its dry run must not
    bob_page = sign_in(bob)
    queue_row(bob_page, request).get_by_role("button", name="Dry run").click()
    bob_page.wait_for_url(re.compile(r".*/extras/job-results/[0-9a-f-]{36}/$"))
    expect(status_badge(bob_page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    expect(bob_page.locator("#result-summary")).to_contain_text("Rolled back (dry run)")
    expect(bob_page.locator("#approval-decisions")).to_contain_text("Dry run by bob")
    expect(bob_page.locator("#log-rows")).to_contain_text("Created manufacturer")
    result = JobResult.objects.get()
    assert result.commit is False and result.user == bob and result.status == Status.STATUS_COMPLETED
    assert not Manufacturer.objects.filter(name="Dry Inc").exists()

    bob_page.goto(f"{live_server.url}{QUEUE_PATH}")
    expect(queue_row(bob_page, request)).to_contain_text("Dry Inc")  # the request keeps waiting
    request.refresh_from_db()
    assert request.awaiting_approval


def test_nobody_approves_their_own_request(sign_in, live_server, fixture_jobs, ann):
    grant(ann, Job, ["approve"])
    grant(ann, ScheduledJob, ["change", "delete"])
    job = fixture_jobs["ApprovalJob"]
    ann_page = sign_in(ann)
    ann_page.goto(f"{live_server.url}{job.get_absolute_url()}")
    ann_page.get_by_role("button", name="Request to Run Job Now").click()
    ann_page.wait_for_url(f"{live_server.url}{QUEUE_PATH}")
    request = latest_request()
    row = queue_row(ann_page, request)
    approve = row.get_by_role("button", name="Approve")
    expect(approve).to_be_disabled()
    expect(row).to_contain_text("Your own request: another user must approve it.")
    expect(row.get_by_role("button", name="Withdraw")).to_be_enabled()

    approve.evaluate("button => { button.disabled = false; }")  # a tampered page: the server still says no
    approve.click()
    expect(ann_page.locator(".messages")).to_contain_text("You cannot approve your own job request!")
    request.refresh_from_db()
    assert request.awaiting_approval and not JobResult.objects.exists()


def test_approving_a_past_due_one_off_asks_for_confirmation_then_runs_it(
    sign_in, live_server, celery_worker, fixture_jobs, ann, bob
):
    request = create_schedule(
        fixture_jobs["ApprovalJob"],
        ScheduleRequest(
            interval="future", name="yesterday's run", start_time=timezone.now() + timedelta(hours=1)
        ),
        user=ann,
        data={"note": "late"},
        commit=True,
        task_queue="default",
    )
    past = timezone.now() - timedelta(days=1)  # it waited in the queue past its time
    ScheduledJob.objects.filter(pk=request.pk).update(start_time=past, next_run_at=past)

    bob_page = sign_in(bob)
    queue_row(bob_page, request).get_by_role("button", name="Approve").click()
    warning = bob_page.locator("#past-due-warning")
    expect(warning).to_contain_text("Warning: You are approving a job that is past its scheduled date (")
    expect(warning).to_contain_text("). It will run immediately after approval.")
    request.refresh_from_db()
    assert request.awaiting_approval and not JobResult.objects.exists()

    bob_page.get_by_role("button", name="Confirm").click()
    expect(bob_page.locator(".messages")).to_contain_text(
        "yesterday's run was approved and will now begin execution"
    )
    result = JobResult.objects.get(schedule=request)
    bob_page.goto(f"{live_server.url}{result.get_absolute_url()}")
    expect(status_badge(bob_page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    expect(bob_page.locator("#log-rows")).to_contain_text("note=late commit=True")
