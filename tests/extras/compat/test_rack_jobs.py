"""Real-shaped rack jobs, unchanged, run through the runner (issue 23): a NetBox capacity report
(tests/fixture_jobs/netbox_rack_capacity.py) and a Nautobot 2.x job placing a device in the first free units
(tests/fixture_jobs/nautobot2_racks.py)."""

from __future__ import annotations

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris(inventory):
    site = f.SiteFactory(name="Paris")
    return site, f.RackFactory(name="PAR-A01", site=site, u_height=10)


def racked(inventory, rack, name, position, height=1, **kwargs):
    device_type = f.DeviceTypeFactory(manufacturer=inventory.manufacturer, u_height=height)
    return f.DeviceFactory(
        name=name,
        site=rack.site,
        rack=rack,
        position=position,
        face="front" if position else "",
        device_type=device_type,
        role=inventory.role,
        **kwargs,
    )


def test_the_files_import_without_problems(fixture_jobs):
    assert not {problem.module for problem in loader.problems()} & {"netbox_rack_capacity", "nautobot2_racks"}
    assert {"RackCapacityReport", "PlaceDeviceInRack"} <= set(fixture_jobs)


def test_the_capacity_report_flags_full_racks_and_devices_without_a_unit(fixture_jobs, inventory, paris):
    site, full = paris
    racked(inventory, full, "par-big-1", 1, height=9)
    racked(inventory, full, "par-pdu-1", None)
    roomy = f.RackFactory(name="PAR-A02", site=site, u_height=10)
    racked(inventory, roomy, "par-sw-1", 5)
    f.RackFactory(name="PAR-OLD", site=site, status="deprecated")

    result, lines = run_here(fixture_jobs["RackCapacityReport"])

    assert result.status == Status.STATUS_FAILED, lines
    assert ("test_rack_utilization", "failure", "90% of 10U used") in lines
    assert ("test_rack_utilization", "success", "10% used, 16 free positions") in lines
    assert ("test_devices_without_position", "warning", "In rack PAR-A01 but in no rack unit") in lines
    assert not [line for line in lines if "PAR-OLD" in line[2]]


def test_the_2x_job_places_a_device_in_the_first_free_units(fixture_jobs, inventory, paris):
    site, rack = paris
    racked(inventory, rack, "par-rtr-1", 1, height=2)
    racked(inventory, rack, "par-sw-1", 4)
    server = f.DeviceFactory(
        name="par-srv-1",
        site=site,
        role=inventory.role,
        device_type=f.DeviceTypeFactory(manufacturer=inventory.manufacturer, u_height=2),
    )
    data = {"device": str(server.pk), "rack": str(rack.pk), "face": "front"}

    result, lines = run_here(fixture_jobs["PlaceDeviceInRack"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    server.refresh_from_db()
    assert (server.rack, server.position, server.face) == (rack, 5, "front")  # 3 is free, but not 3 and 4
    assert ("run", "success", "Placed par-srv-1 at U5.0") in lines
    assert ("capacity", "info", "PAR-A01: 5 of 10 units used") in lines
    assert result.return_value == 5


def test_the_2x_job_fails_when_the_rack_is_full(fixture_jobs, inventory, paris):
    site, rack = paris
    racked(inventory, rack, "par-big-1", 1, height=10)
    server = f.DeviceFactory(name="par-srv-1", site=site, role=inventory.role)

    result, lines = run_here(
        fixture_jobs["PlaceDeviceInRack"], {"device": str(server.pk), "rack": str(rack.pk), "face": "front"}
    )

    assert result.status == Status.STATUS_FAILED, lines
    assert [message for _, level, message in lines if level == "failure"] == [
        "No room for par-srv-1 (1.0U) in PAR-A01"
    ]
    server.refresh_from_db()
    assert server.rack is None
