"""Real-shaped allocation jobs, unchanged, run through the runner (issue 24): a NetBox script giving a new device
interface the next free address of a prefix (tests/fixture_jobs/netbox_address_allocation.py), and a Nautobot 2.x
job reserving the next free /30 point-to-point links with both ends numbered (nautobot2_p2p_links.py)."""

from __future__ import annotations

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from ipam.models import IPAddress, Prefix
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f
from tests.factories.ipam import IPAddressFactory, PrefixFactory

pytestmark = pytest.mark.django_db


def test_the_files_import_without_problems(fixture_jobs):
    modules = {problem.module for problem in loader.problems()}
    assert not modules & {"netbox_address_allocation", "nautobot2_p2p_links"}
    assert {"AllocateInterfaceAddress", "ReservePointToPointLinks"} <= set(fixture_jobs)


def test_the_netbox_script_gives_a_new_interface_the_next_free_address(fixture_jobs, inventory):
    device = f.DeviceFactory(name="edge-1", role=inventory.role)
    loopbacks = PrefixFactory(prefix="10.255.0.0/24")
    IPAddressFactory(address="10.255.0.1/24")
    data = {"device": str(device.pk), "interface_name": "loopback0", "prefix": str(loopbacks.pk)}

    result, lines = run_here(fixture_jobs["AllocateInterfaceAddress"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    ip = IPAddress.objects.get(address="10.255.0.2/24")
    assert (ip.assigned_object.device, ip.assigned_object.name, ip.status.slug) == (
        device,
        "loopback0",
        "active",
    )
    assert ip.dns_name == "loopback0.edge-1.example.net"
    assert ("run", "success", "Assigned 10.255.0.2/24 to edge-1 loopback0") in lines, lines

    again, lines = run_here(fixture_jobs["AllocateInterfaceAddress"], data)
    assert again.status == Status.STATUS_FAILED
    assert any("already has an interface loopback0" in message for _, _, message in lines), lines


def test_the_nautobot_job_reserves_the_next_point_to_point_links(fixture_jobs, inventory):
    container = PrefixFactory(prefix="10.254.0.0/28", status=f.status("container"))
    PrefixFactory(prefix="10.254.0.0/30")

    result, lines = run_here(
        fixture_jobs["ReservePointToPointLinks"], {"container": str(container.pk), "count": 2}
    )

    assert result.status == Status.STATUS_COMPLETED, lines
    assert result.return_value == [
        {"prefix": "10.254.0.4/30", "a_end": "10.254.0.5/30", "b_end": "10.254.0.6/30"},
        {"prefix": "10.254.0.8/30", "a_end": "10.254.0.9/30", "b_end": "10.254.0.10/30"},
    ]
    assert {ip.status.slug for ip in IPAddress.objects.filter(description__startswith="p2p link")} == {
        "reserved"
    }

    full, lines = run_here(
        fixture_jobs["ReservePointToPointLinks"], {"container": str(container.pk), "count": 2}
    )
    assert full.status == Status.STATUS_ERRORED, lines  # an exception: errored, its changes reverted
    assert any("has no free /30 left after 1 link(s)" in message for _, _, message in lines), lines
    assert Prefix.objects.filter(prefix_length=30).count() == 3  # the failed run's link was rolled back
