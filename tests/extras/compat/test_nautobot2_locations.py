"""A Nautobot 2.x job file that knows only Location, LocationType and Role (tests/fixture_jobs/
nautobot2_locations.py), unchanged, run through the runner: what it creates reads the same in the 1.x and
NetBox view (sites, regions, device roles) and in the 2.x one (issue 22)."""

from __future__ import annotations

import pytest

from dcim.models import Device, DeviceRole, Location, LocationType
from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def paris(inventory):
    """The site Paris (region France), as 1.x code made it, and a building below its location."""
    site = f.SiteFactory(name="Paris", region=f.RegionFactory(name="France"))
    building_type = LocationType.objects.create(name="Building", parent=LocationType.objects.get(name="Site"))
    building = Location.objects.create(
        name="Paris DC1", location_type=building_type, parent=site.location, status=f.status("active")
    )
    return site, building


def test_the_file_imports_without_problems(fixture_jobs):
    assert not [problem for problem in loader.problems() if problem.module == "nautobot2_locations"]
    assert {"AddRack", "AuditLocations"} <= set(fixture_jobs)


def test_a_room_and_a_device_made_by_2x_code_read_the_same_in_both_views(fixture_jobs, inventory, paris):
    site, building = paris
    data = {"parent": str(building.pk), "room": "R101", "device_type": str(inventory.switch_model.pk)}

    result, lines = run_here(fixture_jobs["AddRack"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    device = Device.objects.get(name="r101-tor-1")
    room = Location.objects.get(name="R101")
    # The 2.x view: where the job put it.
    assert (device.location, room.parent, device.role.name) == (room, building, "ToR")
    # The 1.x / NetBox view: the site above it, its region, and a device role.
    assert (device.site, device.site.region.name) == (site, "France")
    assert device.device_role == DeviceRole.objects.get(name="ToR")
    assert ("devices", "success", "Placed r101-tor-1") in lines


def test_an_audit_per_location_counts_devices_below_each(fixture_jobs, inventory, paris):
    site, _ = paris
    f.DeviceFactory(name="par-sw-1", site=site, role=inventory.role, device_type=inventory.switch_model)
    f.DeviceFactory(name="elsewhere", role=inventory.role, device_type=inventory.switch_model)
    site_type = LocationType.objects.get(name="Site")

    result, lines = run_here(fixture_jobs["AuditLocations"], {"location_type": str(site_type.pk)})

    assert result.status == Status.STATUS_COMPLETED, lines
    assert ("audit", "info", "Paris: 1 device(s), roles Access Switch") in lines
    assert ("run", "info", "1 at Paris") in lines
