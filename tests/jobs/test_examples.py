"""The example jobs shipped in jobs/, run through the real runner against the demo inventory."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from dcim.models import Device, DeviceType, Interface, Location, Manufacturer, Site
from dcim.models import Status as DeviceStatus
from extras.choices import JobResultStatusChoices as Status
from extras.engine.job_records import sync_job_records
from extras.engine.runner import run_job_result
from extras.engine.services import RunRequest, submit_job
from extras.models import FileProxy, Job, JobLogEntry
from ipam.models import IPAddress, Prefix
from tests.factories.users import SuperuserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def examples(settings):
    settings.JOBS_ROOT = settings.BASE_DIR / "jobs"
    call_command("load_demo_data", stdout=io.StringIO())
    sync_job_records(enable_new=True)
    return {job.job_class_name: job for job in Job.objects.filter(installed=True)}


def run(job, data=None, commit=False, files=None):
    submission = submit_job(
        RunRequest(
            # A superuser: a run's object inputs are found among the objects its requester may view (issue 20).
            job=job,
            user=SuperuserFactory(),
            data=data or {},
            files=files,
            commit=commit,
            source="api",
            enqueue=False,
        )
    )
    run_job_result(submission.job_result.pk, data=submission.data, files=submission.files)
    result = submission.job_result
    result.refresh_from_db()
    lines = list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values_list("log_level", "message")
    )
    return result, lines


def test_all_examples_are_discovered_with_their_module_names(examples):
    assert set(examples) >= {
        "NewBranch",
        "DeviceConnectionsReport",
        "LoopbackIPReport",
        "IPParentPrefixReport",
        "ReservePrefixes",
        "VariablesShowcase",
        "NoOp",
        "LogMany",
        "CreateObjects",
        "Fails",
    }
    assert examples["NewBranch"].grouping == "Branch provisioning"
    assert examples["NoOp"].hidden is True


def test_new_branch_creates_a_site_and_switches_and_returns_csv(examples):
    model = DeviceType.objects.first()
    result, lines = run(
        examples["NewBranch"],
        {
            "site_name": "Branch 42",
            "switch_count": 3,
            "manufacturer": str(model.manufacturer_id),
            "switch_model": str(model.pk),
        },
        commit=True,
    )
    assert result.status == Status.STATUS_COMPLETED, lines
    site = Site.objects.get(name="Branch 42")
    assert site.status.slug == "planned"
    assert Device.objects.filter(site=site).count() == 3
    assert result.output.strip().splitlines() == [
        "name,model",
        *[f"branch-42-switch{n},{model.model}" for n in (1, 2, 3)],
    ]


def test_new_branch_dry_run_changes_nothing(examples):
    model = DeviceType.objects.first()
    devices = Device.objects.count()
    result, _ = run(
        examples["NewBranch"], {"site_name": "Dry", "switch_count": 2, "switch_model": str(model.pk)}
    )
    assert result.status == Status.STATUS_COMPLETED
    assert Device.objects.count() == devices and not Site.objects.filter(name="Dry").exists()


def test_device_connections_report_flags_missing_and_planned_connections(examples):
    result, lines = run(examples["DeviceConnectionsReport"])
    levels = {level for level, _ in lines}
    assert result.status == Status.STATUS_FAILED  # the demo data has a device with no console connection
    assert {"success", "failure"} <= levels
    assert any(
        "No console connection defined" in message or "power supplies found" in message
        for _, message in lines
    )


def test_ip_parent_prefix_report_finds_the_orphan_address(examples):
    orphans = list(IPAddress.objects.without_parent())
    result, lines = run(examples["IPParentPrefixReport"])
    failures = [message for level, message in lines if level == "failure"]
    assert len(failures) == len(orphans) >= 1
    assert result.status == Status.STATUS_FAILED


def test_loopback_report_checks_every_active_router(examples):
    _, lines = run(examples["LoopbackIPReport"])
    routers = Device.objects.filter(status__slug="active", role__slug="router").count()
    assert routers >= 1
    assert len([1 for level, _ in lines if level in ("success", "failure")]) == routers


def test_reserve_prefixes_carves_the_next_free_children(examples):
    parent = Prefix.objects.create(
        prefix="203.0.113.0/24",  # the demo holds 192.0.2.1 (addresses are unique in a table)
        status=Prefix._meta.get_field("status").related_model.objects.get(slug="active"),
    )
    result, lines = run(
        examples["ReservePrefixes"],
        {"parent": str(parent.pk), "prefix_length": 26, "count": 2, "reserve_gateway": True},
        commit=True,
    )
    assert result.status == Status.STATUS_COMPLETED, lines
    assert result.output.strip().splitlines() == ["203.0.113.0/26", "203.0.113.64/26"]
    assert {str(ip.address) for ip in IPAddress.objects.filter(description="Gateway")} == {
        "203.0.113.1/26",
        "203.0.113.65/26",
    }


def test_reserve_prefixes_refuses_a_length_that_does_not_fit(examples):
    parent = Prefix.objects.create(
        prefix="198.51.100.0/24",
        status=Prefix._meta.get_field("status").related_model.objects.get(slug="active"),
    )
    result, lines = run(
        examples["ReservePrefixes"], {"parent": str(parent.pk), "prefix_length": 16, "count": 1}
    )
    assert result.status == Status.STATUS_FAILED
    assert ("failure", "/16 does not fit inside 198.51.100.0/24") in lines


def test_variables_showcase_echoes_every_type(examples):
    manufacturer = Manufacturer.objects.first()
    data = {
        "text": "abc-1",
        "count": 4,
        "flag": True,
        "direction": "e",
        "directions": ["n", "s"],
        "manufacturer": str(manufacturer.pk),
        "sites": [str(site.pk) for site in Site.objects.all()[:2]],
        "address": "10.1.2.3",
        "interface_address": "10.1.2.3/24",
        "network": "10.1.2.0/24",
    }
    upload = SimpleUploadedFile("notes.txt", b"hello")
    result, lines = run(examples["VariablesShowcase"], data, files={"upload": upload})
    messages = "\n".join(message for _, message in lines)
    assert result.status == Status.STATUS_COMPLETED, lines
    assert "**count** = `4` (int)" in messages
    assert "**address** = `10.1.2.3` (IPAddress)" in messages
    assert "**network** = `10.1.2.0/24` (IPNetwork)" in messages
    assert "**upload** = `notes.txt (5 bytes)`" in messages
    assert "QuerySet)" in messages and f"`{manufacturer}` (Manufacturer)" in messages


def test_benchmark_jobs_behave_as_the_benchmark_expects(examples):
    assert run(examples["NoOp"])[0].status == Status.STATUS_COMPLETED
    result, lines = run(examples["LogMany"], {"n": 50})
    assert result.info_count == 51 and lines[0] == ("info", "log line 0")
    before = Manufacturer.objects.count()
    assert run(examples["CreateObjects"], {"n": 5}, commit=True)[0].status == Status.STATUS_COMPLETED
    assert Manufacturer.objects.count() == before + 5
    failed, lines = run(examples["Fails"])
    assert failed.status == Status.STATUS_ERRORED and any("Traceback" in message for _, message in lines)


def test_the_netbox_script_example_disables_the_physical_ports_without_a_cable(examples):
    paris = Site.objects.get(slug="paris")
    data = {"site": str(paris.pk), "devices": [], "include_mgmt": False}

    dry, lines = run(examples["DisableUnusedInterfaces"], data)

    assert dry.status == Status.STATUS_COMPLETED, lines
    expected = [
        "par-cs-01 Ethernet1",
        "par-cs-01 Ethernet2",
        "par-pdu-01 Ethernet1",
        "par-pdu-01 Ethernet2",
        "par-sw-01 Ethernet2",  # par-rtr-01 Ethernet2 is cabled to the Paris-Berlin circuit (circuits demo)
    ]
    assert dry.output.strip().splitlines() == expected
    assert ("success", "Disabled Ethernet2") in lines
    assert Interface.objects.filter(device__site=paris, enabled=False).count() == 0  # a dry run

    committed, _ = run(examples["DisableUnusedInterfaces"], data, commit=True)

    assert committed.status == Status.STATUS_COMPLETED
    disabled = Interface.objects.filter(device__site=paris, enabled=False).select_related("device")
    assert sorted(f"{i.device.name} {i.name}" for i in disabled) == expected


def test_the_nautobot_1_example_fails_each_device_record_that_breaks_a_rule(examples):
    Device.objects.filter(name="par-rtr-01").update(serial="JPE1234")

    result, lines = run(examples["DeviceDataQuality"], {"name_prefix": "par-"})

    assert result.status == Status.STATUS_FAILED
    failures = [message for level, message in lines if level == "failure"]
    # the seven active Paris devices (the four network devices, the two virtualization hosts) but par-rtr-01
    assert failures.count("No serial number") == 6
    assert failures.count("Name does not start with 'par-'") == 1  # ber-rtr-01
    assert ("success", "Serial number recorded") in lines


def test_the_nautobot_2_package_example_lists_a_location_in_a_csv_file(examples):
    paris = Location.objects.get(name="Paris", location_type__name="Site")

    result, lines = run(examples["LocationInventory"], {"location": str(paris.pk), "include_children": True})

    assert result.status == Status.STATUS_COMPLETED, lines
    assert examples["LocationInventory"].grouping == "Network lifecycle (Nautobot 2.x jobs)"
    [report] = FileProxy.objects.filter(job_result_id=result.pk)
    rows = bytes(report.content).decode().splitlines()
    assert (
        report.name == "paris-inventory.csv" and rows[0] == "location,device,role,manufacturer,model,status"
    )
    assert sorted(row.split(",")[1] for row in rows[1:]) == [
        "par-cs-01",
        "par-esx-01",  # the virtualization demo's cluster hosts
        "par-esx-02",
        "par-pdu-01",
        "par-rtr-01",
        "par-sw-01",
    ]
    assert "Paris DC1 Floor 1,par-rtr-01,Router" in "\n".join(rows)
    assert ("info", "Router: 1") in lines
    assert result.return_value["devices"] == 6


def test_the_nautobot_2_package_example_changes_status_only_when_not_a_dry_run(examples):
    floor = Location.objects.get(name="Paris DC1 Floor 1")
    router, berlin = Device.objects.get(name="par-rtr-01"), Device.objects.get(name="ber-rtr-01")
    offline = DeviceStatus.objects.get(slug="offline")
    data = {"location": str(floor.pk), "devices": [str(router.pk)], "status": str(offline.pk)}

    dry, lines = run(examples["ChangeDeviceStatus"], data)  # Meta.dryrun_default: a dry run

    assert dry.status == Status.STATUS_COMPLETED and ("info", "Would go from Active to Offline") in lines
    assert Device.objects.get(pk=router.pk).status.slug == "active"

    done, lines = run(examples["ChangeDeviceStatus"], {**data, "dryrun": False}, commit=True)

    assert done.status == Status.STATUS_COMPLETED and ("success", "Active → Offline") in lines
    assert Device.objects.get(pk=router.pk).status.slug == "offline"

    elsewhere, lines = run(
        examples["ChangeDeviceStatus"], {**data, "devices": [str(berlin.pk)], "dryrun": False}
    )

    assert (
        elsewhere.status == Status.STATUS_FAILED
        and ("failure", "ber-rtr-01 is not at Paris DC1 Floor 1") in lines
    )


def test_the_netbox_cabling_report_follows_cables_through_the_panel(examples):
    result, lines = run(examples["CablePathAudit"])

    assert result.status == Status.STATUS_FAILED, lines  # Berlin's path stops at its panel
    failures = [message for level, message in lines if level == "failure"]
    assert failures == ["The path stops at ber-pp-01 Port 1"]
    planned = [message for level, message in lines if level == "warning"]
    assert "Still planned: par-sw-01 Console to par-cs-01 Port 2" in planned


def test_the_netbox_cabling_script_patches_an_interface_and_says_where_it_ends(examples):
    panel = Device.objects.get(name="ber-pp-01")
    interface = Interface.objects.get(device__name="ber-rtr-01", name="Management1")
    front_port = panel.frontports.get(name="Port 2")
    data = {
        "interface": str(interface.pk),
        "panel": str(panel.pk),
        "front_port": str(front_port.pk),
        "status": "connected",
        "label": "BER-0002",
    }

    result, lines = run(examples["PatchThroughPanel"], data, commit=True)

    assert result.status == Status.STATUS_COMPLETED, lines
    assert ("success", "Cabled ber-rtr-01 Management1 to ber-pp-01 Port 2") in lines
    assert ("warning", "The path continues at ber-pp-01 Trunk, which has no cable yet") in lines
    interface.refresh_from_db()
    assert interface.link_peers == [front_port] and interface.cable.label == "BER-0002"

    again, lines = run(examples["PatchThroughPanel"], data, commit=True)
    assert again.status == Status.STATUS_FAILED
    assert ("failure", "Already cabled to ber-pp-01 Port 2") in lines


def test_the_nautobot_2_addressing_example_gives_a_device_its_management_address(examples):
    device = Device.objects.get(name="ber-rtr-01")
    data = {"device": str(device.pk), "interface_name": "Management1", "address": "192.0.2.10/24"}

    dry, lines = run(examples["AssignManagementAddress"], {**data, "dryrun": True}, commit=True)
    assert dry.status == Status.STATUS_COMPLETED, lines
    assert ("info", "Would put 192.0.2.10/24 on Management1") in lines
    assert not IPAddress.objects.filter(dns_name="ber-rtr-01.mgmt").exists()

    result, lines = run(examples["AssignManagementAddress"], {**data, "dryrun": False}, commit=True)
    assert result.status == Status.STATUS_COMPLETED, lines
    address = IPAddress.objects.get(dns_name="ber-rtr-01.mgmt")
    device.refresh_from_db()
    assert device.primary_ip4 == address and address.assigned_object.name == "Management1"
    assert list(address.tags.values_list("slug", flat=True)) == ["management"]

    again, lines = run(examples["AssignManagementAddress"], {**data, "dryrun": False}, commit=True)
    assert (
        again.status == Status.STATUS_FAILED and ("failure", "Management1 already has 192.0.2.10/24") in lines
    )
