"""Job buttons and the Job runs tab in real Chromium against the live server, with a real worker: a device
page shows its buttons, a confirmation button asks first (and Cancel runs nothing), the press lands on the
live result page, and the device's Job runs tab lists the run."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect

from dcim.models import Device
from extras.models import JobButton, JobResult
from tests.factories.dcim import DeviceFactory, status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUN_TIMEOUT_MS = 60_000


def make_button(job, name: str, text: str, **fields) -> JobButton:
    button = JobButton.objects.create(name=name, text=text, job=job, **fields)
    button.content_types.set([ContentType.objects.get_for_model(Device)])
    return button


@pytest.fixture
def core_device(db):
    status("active")
    return DeviceFactory(name="core-7")


def test_a_confirmation_button_asks_first_then_opens_the_live_result_listed_in_the_job_runs_tab(
    signed_in, live_server, celery_worker, fixture_jobs, core_device, artifacts
):
    page = signed_in
    make_button(fixture_jobs["WaitDeviceButton"], "Wait", "Wait on {{ obj.name }}", confirmation=True)
    make_button(fixture_jobs["NoteDeviceButton"], "Note", "Note {{ obj.name }}", group_name="Tools")
    page.goto(f"{live_server.url}{core_device.get_absolute_url()}")
    buttons = page.get_by_role("group", name="Job buttons")
    expect(buttons.get_by_role("button", name="Wait on core-7")).to_be_visible()
    expect(buttons.get_by_role("button", name="Tools")).to_be_visible()  # the group's dropdown
    page.screenshot(path=str(artifacts / "job-buttons-device.png"))

    buttons.get_by_role("button", name="Wait on core-7").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Run the job Button: wait on the device on core-7?")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    assert not JobResult.objects.exists()

    buttons.get_by_role("button", name="Wait on core-7").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Run Button: wait on the device").click()
    page.wait_for_url("**/extras/job-results/*/")
    badge = page.locator("#result-summary .status-badge")
    expect(badge).not_to_have_text("Completed")  # it opened while the run was still on its way
    expect(badge).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    expect(page.locator("#log-rows")).to_contain_text("Done with core-7")
    result = JobResult.objects.get()
    assert result.subject == core_device

    page.goto(f"{live_server.url}{core_device.get_absolute_url()}")
    page.get_by_role("navigation", name="Object sections").get_by_role("link", name="Job runs").click()
    runs = page.locator("#object-job-runs")
    expect(runs).to_contain_text("Button: wait on the device")
    expect(runs).to_contain_text("Completed")
    runs.locator(f'a[href="{result.get_absolute_url()}"]').click()
    page.wait_for_url(f"**{result.get_absolute_url()}")


def test_a_button_without_confirmation_runs_at_once_from_its_group(
    signed_in, live_server, celery_worker, fixture_jobs, core_device
):
    page = signed_in
    make_button(
        fixture_jobs["NoteDeviceButton"],
        "Note",
        "Note {{ obj.name }}",
        group_name="Tools",
        confirmation=False,
    )
    page.goto(f"{live_server.url}{core_device.get_absolute_url()}")
    page.get_by_role("group", name="Job buttons").get_by_role("button", name="Tools").click()
    page.get_by_role("button", name="Note core-7").click()
    page.wait_for_url("**/extras/job-results/*/")
    expect(page.locator("#result-summary .status-badge")).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    expect(page.locator("#log-rows")).to_contain_text("Button pressed on device core-7")


def test_a_user_who_may_not_run_the_job_sees_no_button(page, live_server, fixture_jobs, core_device):
    from tests.factories.users import UserFactory, grant

    user = UserFactory(username="bob")
    grant(user, Device, ["view"])
    make_button(fixture_jobs["NoteDeviceButton"], "Note", "Note {{ obj.name }}")
    page.goto(f"{live_server.url}/login/?next={core_device.get_absolute_url()}")
    page.get_by_label("Username").fill("bob")
    page.get_by_label("Password").fill("password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{core_device.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("core-7")
    expect(page.get_by_role("group", name="Job buttons")).to_have_count(0)
