"""The jobs UI in real Chromium against the live server, with runs executed by a real Celery worker:
the generated run form (every variable type, dependent object choices, keyboard submit), live result
pages, dry runs leaving the inventory unchanged, field errors, and accessibility basics.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dcim.models import Site
from extras.choices import JobResultStatusChoices as Status
from extras.models import JobLogEntry, JobResult
from tests.factories.dcim import DeviceTypeFactory, ManufacturerFactory, status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUN_TIMEOUT_MS = 60_000


@pytest.fixture
def inventory(db):
    """Two manufacturers with two device types each, and the default statuses."""
    status("active")
    acme, globex = ManufacturerFactory(name="Acme"), ManufacturerFactory(name="Globex")
    return {
        "acme": acme,
        "globex": globex,
        "acme_types": [DeviceTypeFactory(manufacturer=acme, model=f"Acme {n}") for n in (1, 2)],
        "globex_types": [DeviceTypeFactory(manufacturer=globex, model=f"Globex {n}") for n in (1, 2)],
    }


def option_texts(page, selector: str) -> list[str]:
    return page.locator(f"{selector} option").all_inner_texts()


def open_job(page, live_server, job) -> None:
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.get_by_role("heading", name="Job Data")).to_be_visible()


def choose_object(page, field_id: str, search: str, label: str) -> None:
    """Search through the selector's search box (the API answers), then pick the option."""
    page.fill(f"#{field_id}_search", search)
    option = page.locator(f"#{field_id} option", has_text=label)
    expect(option).to_have_count(1)
    expect(page.locator(f"#{field_id}_status")).to_contain_text("1 match")
    page.select_option(f"#{field_id}", label=label)


def status_badge(page):
    return page.locator("#result-summary .status-badge")


def test_every_variable_type_is_filled_in_and_run_from_the_keyboard(
    signed_in, live_server, celery_worker, fixture_jobs, inventory, artifacts
):
    page = signed_in
    job = fixture_jobs["EveryVariableJob"]
    page.goto(f"{live_server.url}/extras/jobs/")
    page.get_by_role("link", name="Every variable", exact=True).click()
    expect(page.get_by_role("heading", name="Job Data")).to_be_visible()

    page.get_by_label("String var", exact=True).fill("branch-7")
    page.get_by_label("Notes", exact=True).fill("Line one\nLine two")
    page.get_by_label("Integer var", exact=True).fill("4")
    page.get_by_label("Boolean var", exact=True).check()
    page.get_by_label("Choice var", exact=True).select_option("s")
    page.get_by_label("Multichoice var", exact=True).select_option(["e", "w"])
    choose_object(page, "id_object_var", "Glob", "Globex")
    # The dependent selector reloads with the chosen manufacturer's device types only.
    expect(page.locator("#id_multiobject_var option")).to_have_count(2)
    assert sorted(option_texts(page, "#id_multiobject_var")) == ["Globex 1", "Globex 2"]
    page.get_by_label("Multiobject var", exact=True).select_option(label=["Globex 1", "Globex 2"])
    page.set_input_files(
        "#id_file_var",
        files=[{"name": "hosts.txt", "mimeType": "text/plain", "buffer": b"10.0.0.1\n10.0.0.2\n"}],
    )
    page.get_by_label("Ipaddress var", exact=True).fill("192.0.2.10")
    page.get_by_label("Ipaddress with mask var", exact=True).fill("192.0.2.10/24")
    network = page.get_by_label("Ipnetwork var", exact=True)
    network.fill("10.1.0.0/16")
    page.screenshot(path=str(artifacts / "job-form.png"), full_page=True)

    network.press("Enter")  # a keyboard submit
    page.wait_for_url("**/extras/job-results/*/")
    expect(status_badge(page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    log = page.locator("#log-rows")
    expect(log).to_contain_text("string_var: str 'branch-7'")
    expect(log).to_contain_text("boolean_var: bool True")
    expect(log).to_contain_text("multichoice_var: list ['e', 'w']")
    expect(log).to_contain_text("object_var: Manufacturer <Manufacturer: Globex>")
    expect(log).to_contain_text("[<DeviceType: Globex 1>, <DeviceType: Globex 2>]")
    expect(log).to_contain_text("ipnetwork_var: IPNetwork IPNetwork('10.1.0.0/16')")
    expect(log).to_contain_text("file_var holds 18 bytes")
    expect(page.locator("#result-details")).to_contain_text("branch-7")
    page.screenshot(path=str(artifacts / "job-result.png"), full_page=True)
    result = JobResult.objects.get(job_model=job)
    assert result.status == Status.STATUS_COMPLETED and result.user.username == "alice"


def test_dependent_object_choice_follows_its_parent_and_a_dry_run_changes_nothing(
    signed_in, live_server, celery_worker, fixture_jobs, inventory
):
    page = signed_in
    open_job(page, live_server, fixture_jobs["ProvisionSiteJob"])
    commit = page.get_by_label("Commit changes", exact=True)
    expect(commit).not_to_be_checked()  # the job's commit_default is False

    page.get_by_label("Site name", exact=True).fill("Branch Nine")
    page.get_by_label("Manufacturer", exact=True).select_option(label="Acme")
    expect(page.locator("#id_device_type option")).to_have_count(3)  # the blank choice and Acme's two
    assert option_texts(page, "#id_device_type")[1:] == ["Acme 1", "Acme 2"]
    page.get_by_label("Device type", exact=True).select_option(label="Acme 2")

    page.get_by_label("Manufacturer", exact=True).select_option(label="Globex")
    # The old choice belongs to the other manufacturer: it is cleared, the list reloaded.
    expect(page.locator("#id_device_type option", has_text="Acme 2")).to_have_count(0)
    assert option_texts(page, "#id_device_type")[1:] == ["Globex 1", "Globex 2"]
    assert page.locator("#id_device_type").input_value() == ""
    page.get_by_label("Device type", exact=True).select_option(label="Globex 1")

    page.get_by_role("button", name="Run Job Now").click()
    expect(status_badge(page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    expect(page.locator("#log-rows")).to_contain_text("Its first switch would be a Globex 1")
    expect(page.locator("#log-rows")).to_contain_text("Database changes have been reverted automatically.")
    expect(page.locator("#result-summary")).to_contain_text("Rolled back (dry run)")
    assert not Site.objects.filter(name="Branch Nine").exists()


# Runs in the page from its first paint: counts log rows appended while the summary says "running",
# and records each status the summary shows, so the test needs no lucky timing.
LIVE_PROBE = """
window.addEventListener("DOMContentLoaded", () => {
  const rows = document.getElementById("log-rows");
  if (!rows) return;
  window.__liveRows = 0;
  window.__statuses = [];
  const status = () => {
    const badge = document.querySelector("#result-summary .status-badge");
    return badge && badge.dataset.status;
  };
  const note = () => {
    const current = status();
    if (current && window.__statuses[window.__statuses.length - 1] !== current) window.__statuses.push(current);
  };
  note();
  new MutationObserver(note).observe(document.body, {childList: true, subtree: true});
  new MutationObserver((mutations) => {
    note();
    for (const mutation of mutations)
      for (const node of mutation.addedNodes)
        if (node.classList && node.classList.contains("log-line") && status() === "running") window.__liveRows++;
  }).observe(rows, {childList: true});
});
"""


def test_result_page_turns_from_running_to_completed_with_lines_appearing_live(
    signed_in, live_server, celery_worker, fixture_jobs
):
    page = signed_in
    open_job(page, live_server, fixture_jobs["SlowJob"])
    page.add_init_script(LIVE_PROBE)
    page.get_by_label("Seconds", exact=True).fill("4")
    page.get_by_role("button", name="Run Job Now").click()
    page.wait_for_url("**/extras/job-results/*/")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    expect(status_badge(page)).to_have_text("Completed", timeout=RUN_TIMEOUT_MS)
    expect(page.locator("#log-rows")).to_contain_text("Started sleeping")
    expect(page.locator("#log-rows")).to_contain_text("Woke up")
    expect(page.locator("#result-details")).to_contain_text("slept")
    assert page.evaluate("window.__sameDocument") is True
    statuses = page.evaluate("window.__statuses")
    assert "running" in statuses and statuses[-1] == "completed", statuses
    assert page.evaluate("window.__liveRows") >= 2  # lines arrived while the run was still running
    assert page.locator("#log-poller").count() == 0  # polling stopped
    lines = page.locator("#log-rows tr.log-line")
    sequences = lines.evaluate_all("rows => rows.map(row => row.dataset.sequence)")
    assert len(sequences) == len(set(sequences)) == JobLogEntry.objects.count()


def test_invalid_input_shows_field_errors_and_keeps_what_was_typed(signed_in, live_server, fixture_jobs):
    page = signed_in
    open_job(page, live_server, fixture_jobs["EveryVariableJob"])
    page.get_by_label("String var", exact=True).fill("Not A Slug!")
    page.get_by_label("Integer var", exact=True).fill("99")
    page.get_by_label("Ipaddress var", exact=True).fill("999.1.1.1")
    page.get_by_label("Ipnetwork var", exact=True).fill("10.0.0.1/24")
    page.get_by_role("button", name="Run Job Now").click()

    expect(page.locator("#id_string_var_errors")).to_contain_text(
        "does not have the format this field expects"
    )
    expect(page.locator("#id_integer_var_errors")).to_contain_text("less than or equal to 10")
    expect(page.locator("#id_ipaddress_var_errors")).to_contain_text("999.1.1.1 is not a valid")
    expect(page.locator("#id_ipnetwork_var_errors")).to_contain_text("Did you mean 10.0.0.0/24?")
    expect(page.locator("#id_object_var_errors")).to_contain_text("required")
    expect(page.get_by_label("String var", exact=True)).to_have_value("Not A Slug!")
    expect(page.get_by_label("Integer var", exact=True)).to_have_value("99")
    expect(page.get_by_label("String var", exact=True)).to_have_attribute("aria-invalid", "true")
    assert JobResult.objects.count() == 0


def test_run_form_labels_every_control_and_shows_keyboard_focus(
    signed_in, live_server, fixture_jobs, inventory
):
    page = signed_in
    open_job(page, live_server, fixture_jobs["EveryVariableJob"])
    expect(page.locator("#id_object_var_status")).to_contain_text("match")
    unlabelled = page.eval_on_selector_all(
        "#job-run-form input:not([type=hidden]), #job-run-form select, #job-run-form textarea",
        "controls => controls.filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label'))"
        ".map(c => c.name || c.id)",
    )
    assert unlabelled == []

    page.locator("#id_string_var").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus arrives by keyboard, so :focus-visible applies
    focused = page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
                  return {id: e.id, style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"""
    )
    assert focused["id"] == "id_string_var"
    assert focused["style"] != "none" and focused["width"] >= 2
