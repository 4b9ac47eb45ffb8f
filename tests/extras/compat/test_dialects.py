"""Job files written for Nautobot 1.x and for NetBox (tests/fixture_jobs/{nautobot,netbox}_*.py), unchanged,
discovered and run through the one runner: their effects, logs, outputs and statuses."""

from __future__ import annotations

import pytest

from dcim.models import Device, Site
from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from extras.engine.runner import REVERTED, REVERTED_DUE_TO_ERROR
from extras.models import Job, JobLogEntry
from ipam.models import IPAddress
from tests.extras.compat.conftest import branch_input, run_here
from tests.factories import dcim as f
from tests.factories.ipam import PrefixFactory
from tests.factories.users import SuperuserFactory

pytestmark = pytest.mark.django_db

DIALECT_MODULES = {"nautobot_branch", "netbox_branch", "netbox_reports"}


def test_the_dialect_files_import_cleanly_and_become_jobs(fixture_jobs):
    assert not [problem for problem in loader.problems() if problem.module in DIALECT_MODULES]
    records = {
        name: fixture_jobs[name]
        for name in (
            "NewBranch",
            "DeviceConnectionsReport",
            "ReserveAddress",
            "NewBranchScript",
            "PlanAddressing",
            "DecommissionSite",
            "DeviceConnectionsCheck",
        )
    }
    assert records["NewBranch"].class_path == "local/nautobot_branch/NewBranch"
    assert records["NewBranch"].grouping == "Branch jobs (Nautobot 1.x)"
    assert records["NewBranch"].has_sensitive_variables is True  # Nautobot's default
    assert records["DeviceConnectionsReport"].read_only is True
    assert records["NewBranchScript"].has_sensitive_variables is False  # NetBox keeps script input
    assert records["DeviceConnectionsCheck"].read_only is True
    assert (records["DecommissionSite"].soft_time_limit, records["DecommissionSite"].time_limit) == (120, 130)
    assert records["DecommissionSite"].scheduling_enabled is False
    assert records["PlanAddressing"].commit_default is False


def test_script_order_orders_the_module_and_the_rest_follow_by_name(fixture_jobs):
    netbox = Job.objects.filter(module_name="netbox_branch")
    assert [job.job_class_name for job in netbox] == ["NewBranchScript", "PlanAddressing", "DecommissionSite"]
    assert [job.position for job in netbox] == [0, 1, 2]
    assert fixture_jobs["NewBranch"].position is None


def test_jobs_are_found_as_module_dot_class(fixture_jobs):
    assert Job.objects.lookup("nautobot_branch.NewBranch") == fixture_jobs["NewBranch"]
    assert (
        Job.objects.lookup("netbox_reports.DeviceConnectionsCheck") == fixture_jobs["DeviceConnectionsCheck"]
    )
    with pytest.raises(Job.DoesNotExist):
        Job.objects.lookup("nautobot_branch.NoSuchJob")


def test_a_module_dot_class_in_two_sources_is_ambiguous_unless_only_one_is_installed(fixture_jobs):
    job = fixture_jobs["NewBranch"]
    twin = Job.objects.create(
        class_path="git.other/nautobot_branch/NewBranch",
        slug="twin",
        source="git",
        source_name="git.other",
        module_name="nautobot_branch",
        job_class_name="NewBranch",
        grouping="x",
        name="Twin",
    )
    with pytest.raises(Job.MultipleObjectsReturned, match="use the class path or the UUID"):
        Job.objects.lookup("nautobot_branch.NewBranch")
    Job.objects.filter(pk=twin.pk).update(installed=False)
    assert Job.objects.lookup("nautobot_branch.NewBranch") == job


# --- Nautobot 1.x -------------------------------------------------------------------------------------


def test_nautobot_new_branch_provisions_the_site_and_its_switches(fixture_jobs, inventory):
    result, lines = run_here(fixture_jobs["NewBranch"], branch_input(inventory), commit=True)

    assert result.status == Status.STATUS_COMPLETED, lines
    site = Site.objects.get(slug="branch-9")
    assert site.status.slug == "planned"
    switches = Device.objects.filter(site=site).order_by("name")
    assert [(d.name, d.role, d.status.slug) for d in switches] == [
        ("branch-9-switch1", inventory.role, "planned"),
        ("branch-9-switch2", inventory.role, "planned"),
    ]
    assert (
        result.output
        == "\nname,make,model\nbranch-9-switch1,Arista,DCS-7010T\nbranch-9-switch2,Arista,DCS-7010T"
    )
    assert [message for _, level, message in lines if level == "success"] == [
        "Created new site",
        "Created new switch",
        "Created new switch",
    ]


def test_nautobot_reserve_address_takes_an_address_in_cidr_notation(fixture_jobs, inventory):
    result, lines = run_here(
        fixture_jobs["ReserveAddress"], {"address": "192.0.2.10/32", "purpose": "loopback"}, commit=True
    )

    assert result.status == Status.STATUS_COMPLETED, lines
    address = IPAddress.objects.get()
    assert (str(address), address.status.slug, address.description) == (
        "192.0.2.10/32",
        "reserved",
        "loopback",
    )


def connected_and_bare_devices():
    """An active device with its console and two power feeds cabled, and an active one with nothing.

    The console server and the PDU at the far ends are only planned, so the reports leave them out.
    """
    planned = f.status("planned")
    console_server = f.DeviceFactory(name="cs-1", status=planned)
    pdu = f.DeviceFactory(name="pdu-1", status=planned)
    wired = f.DeviceFactory(name="core-1")
    f.CableFactory(
        termination_a=f.ConsolePortFactory(device=wired),
        termination_b=f.ConsoleServerPortFactory(device=console_server),
    )
    for _ in range(2):
        f.CableFactory(
            termination_a=f.PowerPortFactory(device=wired), termination_b=f.PowerOutletFactory(device=pdu)
        )
    bare = f.DeviceFactory(name="edge-1")
    f.ConsolePortFactory(device=bare, name="con0")
    return wired, bare


@pytest.mark.parametrize("job_name", ["DeviceConnectionsReport", "DeviceConnectionsCheck"])
def test_the_connection_reports_of_both_dialects_find_the_same_problems(fixture_jobs, inventory, job_name):
    connected_and_bare_devices()

    result, lines = run_here(fixture_jobs[job_name], commit=True)

    assert result.status == Status.STATUS_FAILED
    failures = [(grouping, message) for grouping, level, message in lines if level == "failure"]
    assert failures == [
        ("test_console_connection", "No console connection defined for con0"),
        ("test_power_connections", "0 connected power supplies found (2 needed)"),
    ]
    assert result.success_count >= 2
    assert REVERTED not in [message for _, _, message in lines]  # read-only: nothing to revert


# --- NetBox scripts ---------------------------------------------------------------------------------


def test_netbox_new_branch_script_provisions_with_status_values(fixture_jobs, inventory):
    result, lines = run_here(fixture_jobs["NewBranchScript"], branch_input(inventory, "Branch 12", 3))

    assert result.status == Status.STATUS_COMPLETED, lines
    site = Site.objects.get(slug="branch-12")
    assert site.status == "planned"
    assert Device.objects.filter(site=site, status="planned", role=inventory.role).count() == 3
    messages = [message for _, level, message in lines if level == "success"]
    assert messages[:2] == ["Created new site: Branch 12", "Created new switch: branch-12-switch1"]
    assert result.output.startswith("\nname,make,model\nbranch-12-switch1,Arista,DCS-7010T")


def test_a_netbox_log_call_with_an_object_links_the_object(fixture_jobs, inventory):
    result, _ = run_here(fixture_jobs["NewBranchScript"], branch_input(inventory, "Branch 13", 1))

    line = JobLogEntry.objects.get(job_result_id=result.pk, message="Created new switch: branch-13-switch1")
    assert line.log_object == "branch-13-switch1"
    assert line.absolute_url == Device.objects.get(name="branch-13-switch1").get_absolute_url()


def test_plan_addressing_reserves_addresses_reports_usage_and_rolls_back_by_default(fixture_jobs, inventory):
    prefix = PrefixFactory(prefix="10.9.0.0/29")  # six usable addresses

    result, lines = run_here(
        fixture_jobs["PlanAddressing"], {"prefix": str(prefix.pk), "utilisation_limit": "20"}, commit=None
    )

    assert result.status == Status.STATUS_COMPLETED, lines
    assert result.commit is False  # commit_default = False
    assert [message for _, level, message in lines if level == "success"] == [
        "Reserved 10.9.0.1/29",
        "Reserved 10.9.0.2/29",
    ]
    assert ("run", "warning", "10.9.0.0/29 is 33.3% used") in lines
    assert result.output == "\n10.9.0.0/29: 33.3% used"  # from self.output
    assert not IPAddress.objects.exists()


def test_plan_addressing_commits_reserved_addresses_with_their_status(fixture_jobs, inventory):
    prefix = PrefixFactory(prefix="10.9.1.0/29")
    result, _ = run_here(fixture_jobs["PlanAddressing"], {"prefix": str(prefix.pk), "count": 1}, commit=True)

    assert result.status == Status.STATUS_COMPLETED
    assert [(str(ip), ip.status.slug) for ip in IPAddress.objects.all()] == [("10.9.1.1/29", "reserved")]


def test_abort_script_stops_the_script_with_its_message_and_rolls_back(fixture_jobs, inventory):
    prefix = PrefixFactory(prefix="10.9.2.0/30")  # two usable addresses

    result, lines = run_here(
        fixture_jobs["PlanAddressing"], {"prefix": str(prefix.pk), "count": 3}, commit=True
    )

    assert result.status == Status.STATUS_FAILED
    assert ("run", "failure", "Job aborted: 10.9.2.0/30 is full") in lines
    assert ("run", "info", REVERTED_DUE_TO_ERROR) in lines
    assert not IPAddress.objects.exists()


def test_decommission_site_moves_the_site_and_its_active_devices(fixture_jobs, inventory):
    site = f.SiteFactory(name="Old branch", status=f.status("active"))
    active = [f.DeviceFactory(site=site, status=f.status("active")) for _ in range(2)]
    f.DeviceFactory(site=site, status=f.status("planned"))

    result, lines = run_here(
        fixture_jobs["DecommissionSite"],
        {"site": str(site.pk), "reason": "lease ends", "effective": "2031-06-30"},
    )

    assert result.status == Status.STATUS_COMPLETED, lines
    site.refresh_from_db()
    assert site.status == "decommissioning"
    assert {device.pk for device in Device.objects.filter(status="decommissioning")} == {d.pk for d in active}
    assert ("run", "success", "Site marked decommissioning: lease ends") in lines
    assert result.output == "\n2 devices decommissioning from 2031-06-30 (notify=False)"

    again, lines = run_here(fixture_jobs["DecommissionSite"], {"site": str(site.pk), "reason": "twice"})
    assert again.status == Status.STATUS_FAILED
    assert ("run", "failure", "Job aborted: Old branch is already being decommissioned") in lines


def test_a_superuser_may_run_scripts_by_netbox_permission_names(fixture_jobs):
    user = SuperuserFactory()
    assert user.has_perm("extras.run_script") and user.has_perm("extras.view_report")
