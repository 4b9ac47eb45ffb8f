"""A Git repository of Nautobot 2.x jobs, as its authors keep it, installed without an edit and run every way.

The repository (tests/extras/compat/repositories/nautobot2/) is a `jobs` package whose `__init__.py` calls
register_jobs(), with submodules, a sub-package, a helper module and an unregistered base class. It is
pushed to a real remote, added over the API and synced on the session's worker; its jobs then run on that
worker from the REST API (in both dialects), `runjob`, the run form, a schedule, an approval, a job button and
a job hook; a report offers its CSV for download.
"""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dcim.models import Device, Manufacturer, Site
from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobButton, JobHook, JobResult, ScheduledJob
from extras.schedules.scheduling import dispatch_due_schedules
from tests.api_base import assert_status, client_for
from tests.extras.git.helpers import RemoteRepository, log_messages
from tests.extras.result_files.helpers import body_of
from tests.factories import dcim as f
from tests.factories.users import UserFactory
from tests.runs import messages, poll_terminal, wait_for, wait_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

REPOSITORY = Path(__file__).parent / "repositories" / "nautobot2"
SLUG = "nb2_jobs"
V2 = "application/json; version=2.4"


def repository_files() -> dict[str, str]:
    return {
        str(path.relative_to(REPOSITORY)): path.read_text()
        for path in sorted(REPOSITORY.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


@pytest.fixture
def repository(celery_worker, settings, tmp_path, admin_api, inventory) -> str:
    """The repository pushed to a real remote, added over the API and synced on the worker; its jobs enabled."""
    settings.GIT_ROOT = tmp_path / "web"  # the test process plays another machine than the worker
    remote = RemoteRepository(tmp_path / "remote")
    commit = remote.push(repository_files(), "Network jobs for Nautobot 2.x")
    response = admin_api.post(
        "/api/extras/git-repositories/",
        {"name": "Nautobot 2 jobs", "slug": SLUG, "remote_url": remote.url},
        format="json",
    )
    assert_status(response, 201)
    sync = poll_terminal(admin_api, response.json()["last_sync_result"]["url"])
    assert sync["status"]["value"] == Status.STATUS_COMPLETED, log_messages(JobResult(pk=sync["id"]))
    Job.objects.filter(source_name=f"git.{SLUG}").update(enabled=True)
    return commit


@pytest.fixture
def lyon(inventory) -> Site:
    site = f.SiteFactory(name="Lyon", slug="lyon")
    for name in ("sw1", "sw2"):
        f.DeviceFactory(name=name, site=site, device_type=inventory.switch_model, role=inventory.role)
    return site


def device_names(site: Site) -> list[str]:
    return sorted(Device.objects.filter(site=site).values_list("name", flat=True))


def test_only_the_registered_classes_of_the_package_are_jobs(repository):
    found = set(
        Job.objects.filter(source_name=f"git.{SLUG}", installed=True).values_list("class_path", flat=True)
    )
    assert found == {
        f"git.{SLUG}/inventory/RenameDevices",
        f"git.{SLUG}/inventory/DecommissionSite",
        f"git.{SLUG}/audits.vendors/VendorAudit",
        f"git.{SLUG}/audits.inventory_report/InventoryReport",
        f"git.{SLUG}/automation/NoteDeviceButton",
        f"git.{SLUG}/automation/WatchManufacturers",
    }


def test_the_api_runs_a_job_by_its_nautobot_2_class_path_as_a_dry_run_by_default(repository, admin_api, lyon):
    url = f"/api/extras/jobs/{SLUG}.jobs.inventory.RenameDevices/run/"
    response = admin_api.post(url, {"data": {"site": str(lyon.pk), "prefix": "lyon-"}}, format="json")
    assert_status(response, 201)

    body = poll_terminal(admin_api, response.json()["job_result"]["url"])
    result = JobResult.objects.get(pk=body["id"])
    assert result.status == Status.STATUS_COMPLETED, messages(result)
    assert result.commit is False and result.source_commit == repository
    assert "Would rename to lyon-sw1" in messages(result)
    assert device_names(lyon) == ["sw1", "sw2"]


def test_the_nautobot_2_dialect_runs_a_job_by_name_and_reads_its_logs(repository, admin_api, lyon):
    """What a Nautobot 2.x client does: run by name with `data.dryrun`, poll for SUCCESS, read the log."""
    response = admin_api.post(
        "/api/extras/jobs/Rename devices/run/",
        {"data": {"site": str(lyon.pk), "prefix": "lyon-", "dryrun": False}},
        format="json",
        HTTP_ACCEPT=V2,
    )
    assert_status(response, 201)
    body = response.json()
    assert body["scheduled_job"] is None and "commit" not in body["job_result"]["task_kwargs"]

    def done():
        result = admin_api.get(body["job_result"]["url"], HTTP_ACCEPT=V2).json()
        return result if result["status"]["value"] in ("SUCCESS", "FAILURE") else None

    result = wait_for(done, 60, message="the run to end")
    assert result["status"] == {"value": "SUCCESS", "label": "SUCCESS"}
    assert result["result"] == {"renamed": 2}  # what run() returned, as JSON
    logs = admin_api.get("/api/extras/job-logs/", {"job_result": result["id"]}, HTTP_ACCEPT=V2).json()
    assert {"Renamed to lyon-sw1", "Renamed to lyon-sw2"} <= {line["message"] for line in logs["results"]}
    assert device_names(lyon) == ["lyon-sw1", "lyon-sw2"]


def test_a_report_offers_its_csv_file_for_download(repository, admin_api, lyon):
    response = admin_api.post(
        f"/api/extras/jobs/{SLUG}.jobs.audits.inventory_report.InventoryReport/run/",
        {"data": {"sites": [str(lyon.pk)]}},
        format="json",
    )
    assert_status(response, 201)

    body = poll_terminal(admin_api, response.json()["job_result"]["url"])

    assert body["status"]["value"] == Status.STATUS_COMPLETED, messages(body["id"])
    [listed] = body["files"]
    assert listed["name"] == "inventory.csv"
    download = admin_api.get(listed["download_url"])
    assert download.status_code == 200
    assert body_of(download).decode().splitlines() == [
        "site,name,role,model",
        "Lyon,sw1,Access Switch,DCS-7010T",
        "Lyon,sw2,Access Switch,DCS-7010T",
    ]


def test_runjob_runs_a_job_of_a_sub_package_that_fails_itself(repository, superuser, inventory):
    out = StringIO()
    with pytest.raises(CommandError, match="VendorAudit: FAILED") as error:
        call_command(
            "runjob",
            "--username",
            superuser.username,
            "--data",
            json.dumps({"expected": ["Arista", "Juniper"]}),
            f"{SLUG}.jobs.audits.vendors.VendorAudit",
            stdout=out,
        )
    assert error.value.returncode == 1
    assert "Arista is present" in out.getvalue() and "Juniper is missing" in out.getvalue()


def test_the_run_form_commits_when_dry_run_is_unticked(repository, admin_client, lyon):
    job = Job.objects.get(class_path=f"git.{SLUG}/inventory/RenameDevices")
    response = admin_client.post(job.get_absolute_url(), {"site": str(lyon.pk), "prefix": "lyon-"})
    result = JobResult.objects.get(job_model=job)
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()

    ended = wait_terminal(result)
    assert ended.status == Status.STATUS_COMPLETED and ended.commit is True, messages(ended)
    assert device_names(lyon) == ["lyon-sw1", "lyon-sw2"]
    assert ended.output.strip() == str({"renamed": 2}) and ended.return_value == {"renamed": 2}


def test_a_schedule_runs_the_job_when_it_is_due(repository, admin_api, lyon):
    start = timezone.now() + timedelta(hours=1)
    response = admin_api.post(
        f"/api/extras/jobs/{SLUG}.jobs.inventory.RenameDevices/run/",
        {
            "data": {"site": str(lyon.pk), "prefix": "later-", "dryrun": False},
            "schedule": {"name": "Rename at night", "start_time": start.isoformat(), "interval": "future"},
        },
        format="json",
    )
    assert_status(response, 201)
    schedule = ScheduledJob.objects.get(name="Rename at night")

    [fired] = dispatch_due_schedules(now=start + timedelta(seconds=1))

    assert fired.schedule_id == schedule.pk
    assert wait_terminal(fired).status == Status.STATUS_COMPLETED, messages(fired)
    assert device_names(lyon) == ["later-sw1", "later-sw2"]


def test_a_job_that_needs_approval_runs_once_another_user_approves(repository, lyon, grant_permission):
    requester, approver = UserFactory(username="requester"), UserFactory(username="approver")
    grant_permission(requester, Job, ["view", "run"])
    grant_permission(requester, Site, ["view", "change"])
    grant_permission(approver, Job, ["view", "run", "approve"])
    grant_permission(approver, ScheduledJob, ["view", "change"])
    response = client_for(requester).post(
        f"/api/extras/jobs/{SLUG}.jobs.inventory.DecommissionSite/run/",
        {"data": {"site": str(lyon.pk), "reason": "lease ends"}},
        format="json",
    )
    assert_status(response, 201)
    assert not JobResult.objects.filter(job_model__job_class_name="DecommissionSite").exists()
    request = ScheduledJob.objects.get(job_model__job_class_name="DecommissionSite")
    request_url = reverse("extras-api:scheduledjob-detail", kwargs={"pk": request.pk})

    tried = client_for(approver).post(request_url + "dry-run/")  # the job is told it is a dry run

    assert_status(tried, 200)
    dry_run = wait_terminal(JobResult.objects.get(job_model__job_class_name="DecommissionSite"))
    assert "Would decommission Lyon" in messages(dry_run) and dry_run.commit is False
    assert Site.objects.get(pk=lyon.pk).status == "active"

    approved = client_for(approver).post(request_url + "approve/")

    assert_status(approved, 200)
    result = wait_for(
        lambda: JobResult.objects.filter(job_model__job_class_name="DecommissionSite", commit=True).first(),
        30,
    )
    assert wait_terminal(result).status == Status.STATUS_COMPLETED, messages(result)
    assert Site.objects.get(pk=lyon.pk).status == "decommissioning"
    assert "Decommissioning: lease ends" in messages(result)


def test_the_button_receiver_runs_for_the_device_it_was_pressed_on(repository, superuser, lyon):
    device = Device.objects.get(name="sw1")
    button = JobButton.objects.create(
        name="Note", text="Note", job=Job.objects.get(job_class_name="NoteDeviceButton")
    )
    button.content_types.set([ContentType.objects.get_for_model(Device)])
    web = Client()
    web.force_login(superuser)

    response = web.post(
        reverse("extras:jobbutton_run", kwargs={"pk": button.pk}),
        {"object_type": "dcim.device", "object_id": str(device.pk)},
    )

    assert response.status_code == 302
    ended = wait_terminal(JobResult.objects.get(job_button=button))
    assert ended.status == Status.STATUS_COMPLETED, messages(ended)
    assert "Button pressed on sw1" in messages(ended) and ended.subject == device


def test_the_hook_receiver_runs_for_a_committed_change(repository, admin_api):
    hook = JobHook.objects.create(
        name="Watch", job=Job.objects.get(job_class_name="WatchManufacturers"), type_create=True
    )
    hook.content_types.set([ContentType.objects.get_for_model(Manufacturer)])

    response = admin_api.post("/api/dcim/manufacturers/", {"name": "Nokia", "slug": "nokia"}, format="json")

    assert_status(response, 201)
    run = wait_for(lambda: JobResult.objects.filter(job_hook=hook).first(), 30, message="the hook's run")
    ended = wait_terminal(run)
    assert ended.status == Status.STATUS_COMPLETED, messages(ended)
    assert "Nokia was created" in messages(ended)
