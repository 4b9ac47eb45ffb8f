"""Real-shaped IPAM jobs, unchanged, run through the runner (issue 24): a NetBox report of aggregate and DHCP
range utilization, loopback roles and ssh services (tests/fixture_jobs/netbox_address_space.py), and a
Nautobot 2.x job giving loopback addresses the Loopback role (nautobot2_loopback_roles.py)."""

from __future__ import annotations

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from ipam.models import IPAddress, Role
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f
from tests.factories.ipam import (
    AggregateFactory,
    IPAddressFactory,
    IPRangeFactory,
    PrefixFactory,
    RIRFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def routers(inventory):
    """Two routers with a loopback each: rtr-1's has the loopback role and ssh, rtr-2's has none of them."""
    devices = {}
    for index, role in ((1, "loopback"), (2, None)):
        device = f.DeviceFactory(name=f"rtr-{index}", role=inventory.role)
        port = f.InterfaceFactory(device=device, name="Loopback0", type="virtual")
        ip = IPAddressFactory(address=f"10.255.0.{index}/32", role=role, assigned_interface=port)
        device.primary_ip4 = ip
        device.validated_save()
        devices[device.name] = device
    ServiceFactory(device=devices["rtr-1"], name="ssh", protocol="tcp", ports=[22])
    ServiceFactory(device=devices["rtr-2"], name="https", protocol="tcp", ports=[443])
    return devices


def test_the_files_import_without_problems(fixture_jobs):
    modules = {problem.module for problem in loader.problems()}
    assert not modules & {"netbox_address_space", "nautobot2_loopback_roles"}
    assert {"AddressSpaceAudit", "LoopbackAddressRoles"} <= set(fixture_jobs)


def test_the_netbox_report_measures_the_address_space(fixture_jobs, routers):
    AggregateFactory(prefix="10.0.0.0/8", rir=RIRFactory(name="RFC 1918", is_private=True))
    AggregateFactory(prefix="198.51.100.0/24", rir=RIRFactory(name="ARIN"))
    PrefixFactory(prefix="198.51.100.0/25")
    PrefixFactory(prefix="198.51.100.128/26")
    dhcp = Role.objects.create(name="DHCP pool", slug="dhcp-pool")
    IPRangeFactory(start_address="10.1.1.100/24", end_address="10.1.1.199/24", role=dhcp)
    IPAddressFactory(address="10.1.1.100/24")

    result, lines = run_here(fixture_jobs["AddressSpaceAudit"])

    assert result.status == Status.STATUS_FAILED, lines  # rtr-2 fails two checks
    assert ("test_aggregate_utilization", "info", "10.0.0.0/8 (RFC 1918): 0% used") in lines
    assert ("test_aggregate_utilization", "warning", "198.51.100.0/24 (ARIN): 75% used") not in lines
    assert ("test_aggregate_utilization", "info", "198.51.100.0/24 (ARIN): 75% used") in lines
    assert ("test_dhcp_ranges", "info", "100 addresses, 1% used, next free 10.1.1.101/24") in lines
    assert [line for line in lines if line[0] == "test_loopback_roles"] == [
        ("test_loopback_roles", "success", ""),
        ("test_loopback_roles", "failure", "On rtr-2 Loopback0, role is none"),
    ], lines
    assert [line for line in lines if line[0] == "test_ssh_on_managed_devices"] == [
        ("test_ssh_on_managed_devices", "success", ""),
        ("test_ssh_on_managed_devices", "failure", "No ssh service"),
    ], lines


def test_the_nautobot_2_job_lists_then_fixes_loopback_roles(fixture_jobs, routers):
    result, lines = run_here(fixture_jobs["LoopbackAddressRoles"], {"fix": False})
    assert result.status == Status.STATUS_COMPLETED, lines
    assert result.return_value == {"without_role": ["10.255.0.2/32"], "fixed": False}
    assert IPAddress.objects.get(address="10.255.0.2/32").role is None

    result, lines = run_here(fixture_jobs["LoopbackAddressRoles"], {"fix": True})
    assert result.status == Status.STATUS_COMPLETED, lines
    assert IPAddress.objects.get(address="10.255.0.2/32").role == "loopback"
    assert run_here(fixture_jobs["LoopbackAddressRoles"], {"fix": False})[0].return_value == {
        "without_role": [],
        "fixed": False,
    }
