"""Job files written for Nautobot 2.x/3.x (tests/fixture_jobs/nautobot2_*.py), unchanged, run through the one
runner: keyword run(), self.logger with objects and groupings, DryRunVar dry runs, fail(), the lifecycle methods,
register_jobs() and singletons."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dcim.models import Device, Site
from extras.choices import JobResultStatusChoices as Status
from extras.engine.job_records import sync_job_records
from extras.engine.loading import loader
from extras.engine.runner import REVERTED, run_job_result
from extras.engine.services import JobIsSingleton, RunRequest, submit_job
from extras.models import DryRunChange, Job, JobLogEntry, JobResult
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(inventory):
    site = f.SiteFactory(name="Lyon", slug="lyon")
    for name in ("sw1", "sw2"):
        f.DeviceFactory(name=name, site=site, device_type=inventory.switch_model, role=inventory.role)
    return site


def test_the_file_imports_and_only_the_registered_classes_are_jobs(fixture_jobs):
    assert not [problem for problem in loader.problems() if problem.module == "nautobot2_inventory"]
    found = set(
        Job.objects.filter(module_name="nautobot2_inventory").values_list("job_class_name", flat=True)
    )
    assert found == {"RenameDevices", "RetireSite", "CheckVendors", "ExclusiveSync"}
    assert fixture_jobs["RenameDevices"].grouping == "Inventory jobs (Nautobot 2.x)"
    assert Job.objects.lookup("nautobot2_inventory.RenameDevices") == fixture_jobs["RenameDevices"]


def test_a_dry_run_gets_dryrun_logs_with_objects_and_changes_nothing(fixture_jobs, site):
    result, lines = run_here(fixture_jobs["RenameDevices"], {"site": str(site.pk), "prefix": "lyon-"})

    assert result.status == Status.STATUS_COMPLETED
    assert result.commit is False  # Meta.dryrun_default = True: a dry run unless asked otherwise
    assert ("run", "info", "Would rename sw1 (Active) to lyon-sw1") in lines
    entry = JobLogEntry.objects.get(job_result_id=result.pk, message__startswith="Would rename sw1")
    assert entry.log_object == "sw1" and entry.absolute_url.endswith(f"/{Device.objects.get(name='sw1').pk}/")
    # The module-level task logger wrote into the run too.
    assert ("run", "debug", "Looked at sw1") in lines
    assert sorted(Device.objects.values_list("name", flat=True)) == ["sw1", "sw2"]


def test_a_real_run_commits_and_logs_under_its_grouping(fixture_jobs, site):
    data = {"site": str(site.pk), "prefix": "lyon-", "dryrun": False}
    result, lines = run_here(fixture_jobs["RenameDevices"], data)

    assert (result.status, result.commit) == (Status.STATUS_COMPLETED, True)
    assert ("rename", "success", "Renamed to lyon-sw1") in lines
    assert sorted(Device.objects.values_list("name", flat=True)) == ["lyon-sw1", "lyon-sw2"]
    assert result.output.strip() == "2 renamed"
    assert result.return_value is None  # returned text is the output; only other values are kept as JSON


def test_a_job_that_ignores_dryrun_changes_nothing_and_keeps_what_it_would_change(fixture_jobs, site):
    result, lines = run_here(fixture_jobs["RetireSite"], {"site": str(site.pk), "dryrun": True})

    assert (result.status, result.commit) == (Status.STATUS_COMPLETED, False)
    assert ("sites", "warning", "Site set to decommissioning") in lines
    assert ("run", "info", REVERTED) in lines
    assert Site.objects.get(pk=site.pk).status.slug == "active"
    change = DryRunChange.objects.get(job_result=result)
    assert change.changed_object_id == site.pk


def test_fail_marks_the_run_failed_and_the_lifecycle_methods_run_in_order(fixture_jobs, inventory):
    result, lines = run_here(fixture_jobs["CheckVendors"], {"expected": ["Arista", "Juniper"]})

    assert result.status == Status.STATUS_FAILED
    assert ("run", "failure", "Vendor Juniper is missing") in lines
    lifecycle = [message for grouping, _, message in lines if grouping == "lifecycle"]
    assert lifecycle == [
        "before_start with ['expected', 'threshold']",
        "on_failure: 2",
        "after_return: FAILURE",
    ]


def test_a_successful_run_calls_on_success_and_no_test_methods(fixture_jobs, inventory):
    result, lines = run_here(fixture_jobs["CheckVendors"], {"expected": '["Arista"]'})

    assert result.status == Status.STATUS_COMPLETED
    lifecycle = [message for grouping, _, message in lines if grouping == "lifecycle"]
    assert lifecycle[1:] == ["on_success: 1", "after_return: SUCCESS"]


def test_a_dry_run_needs_no_approval(fixture_jobs, site):
    job = fixture_jobs["RenameDevices"]
    Job.objects.filter(pk=job.pk).update(approval_required=True, approval_required_override=True)
    job.refresh_from_db()

    dry = submit_job(RunRequest(job=job, data={"site": str(site.pk), "prefix": "x"}, enqueue=False))
    real = submit_job(
        RunRequest(job=job, data={"site": str(site.pk), "prefix": "x", "dryrun": False}, enqueue=False)
    )

    assert dry.job_result is not None and dry.schedule is None
    assert real.job_result is None and real.schedule.approval_required


def test_a_singleton_refuses_a_second_run_while_one_is_active(fixture_jobs):
    job = fixture_jobs["ExclusiveSync"]
    first = submit_job(RunRequest(job=job, enqueue=False)).job_result

    with pytest.raises(JobIsSingleton, match=r'"Exclusive sync" is a singleton and is already running'):
        submit_job(RunRequest(job=job, enqueue=False))

    run_job_result(first.pk)
    assert submit_job(RunRequest(job=job, enqueue=False)).job_result is not None  # the first one ended


def test_of_two_singleton_runs_running_at_once_the_later_one_stops(fixture_jobs):
    job = fixture_jobs["ExclusiveSync"]
    earlier = JobResult.objects.create(
        job_model=job, name=job.class_path, status=Status.STATUS_RUNNING, started=timezone.now()
    )
    later = JobResult.objects.create(job_model=job, name=job.class_path)

    run_job_result(later.pk)

    later.refresh_from_db()
    assert later.status == Status.STATUS_ERRORED
    message = JobLogEntry.objects.filter(job_result_id=later.pk).values_list("message", flat=True).last()
    assert f"is a singleton and is already running (run {earlier.pk}" in message


CELERY_LOGGER_JOB = """
from celery.utils.log import get_task_logger
from nautobot.apps.jobs import Job, ObjectVar, register_jobs
from nautobot.dcim.models import Site

logger = get_task_logger(__name__)


class CountDevices(Job):
    site = ObjectVar(model=Site)

    def run(self, site):
        logger.debug("Counting at %s", site.name)
        logger.info("%s has %d devices", site.name, site.devices.count(), extra={"object": site})
        logger.warning("Checked", extra={"grouping": "summary"})


register_jobs(CountDevices)
"""


def test_celerys_own_task_logger_writes_into_the_run(settings, tmp_path, site):
    """Many 2.x files log through `celery.utils.log.get_task_logger(__name__)` rather than Nautobot's."""
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "counting.py").write_text(CELERY_LOGGER_JOB)
    settings.JOBS_ROOT = tmp_path
    sync_job_records(enable_new=True)

    result, lines = run_here(Job.objects.get(job_class_name="CountDevices"), {"site": str(site.pk)})

    assert result.status == Status.STATUS_COMPLETED, lines
    assert ("run", "debug", "Counting at Lyon") in lines
    assert ("run", "info", "Lyon has 2 devices") in lines
    assert ("summary", "warning", "Checked") in lines
    entry = JobLogEntry.objects.get(job_result_id=result.pk, message="Lyon has 2 devices")
    assert entry.log_object == "Lyon"


def test_the_helpers_job_code_imports_from_nautobot_apps_jobs(fixture_jobs):
    from nautobot.apps.jobs import BaseJob, ScriptVariable, StringVar, get_job, get_jobs, is_job, is_variable
    from nautobot.core.choices import ChoiceSet

    rename = get_job("nautobot2_inventory.RenameDevices")
    assert rename is fixture_jobs["RenameDevices"].job_class
    assert get_job("nautobot2_inventory.Missing") is None
    assert get_jobs()["local/nautobot2_inventory/RenameDevices"] is rename
    assert is_job(rename) and not is_job(BaseJob) and not is_job(StringVar)
    assert is_variable(StringVar()) and issubclass(StringVar, ScriptVariable)
    assert ChoiceSet.__module__ == "core.choices"
