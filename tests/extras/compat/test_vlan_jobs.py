"""Real-shaped VLAN jobs, unchanged, run through the runner (issue 24): a NetBox script creating a site's access
VLAN at the next free ID of its group and putting the access switches' ports on it, uplinks trunking it
(tests/fixture_jobs/netbox_access_vlans.py), and a Nautobot 2.x audit of a location's VLAN groups and of access
ports without a VLAN (nautobot2_vlans.py)."""

from __future__ import annotations

import pytest

from dcim.models import Location
from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from ipam.models import VLAN
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f
from tests.factories.ipam import VLANFactory, VLANGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(inventory):
    site = f.SiteFactory(name="Branch 7", slug="branch-7")
    for name in ("br7-sw-01", "br7-sw-02"):
        switch = f.DeviceFactory(
            name=name, site=site, role=inventory.role, device_type=inventory.switch_model
        )
        for port in ("Ethernet1", "Ethernet2", "Ethernet48"):
            f.InterfaceFactory(device=switch, name=port)
        f.InterfaceFactory(device=switch, name="Management1", mgmt_only=True)
    return site


def test_the_files_import_without_problems(fixture_jobs):
    modules = {problem.module for problem in loader.problems()}
    assert not modules & {"netbox_access_vlans", "nautobot2_vlans"}
    assert {"ProvisionAccessVLAN", "AuditVLANs"} <= set(fixture_jobs)


def test_the_netbox_script_provisions_the_next_free_vlan_on_the_access_ports(fixture_jobs, site):
    group = VLANGroupFactory(name="Branch 7 access", site=site, min_vid=100, max_vid=199)
    VLANFactory(group=group, vid=100, name="users")
    data = {"site": str(site.pk), "vlan_group": str(group.pk), "vlan_name": "cameras"}

    result, lines = run_here(fixture_jobs["ProvisionAccessVLAN"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    vlan = VLAN.objects.get(name="cameras")
    assert (vlan.vid, vlan.group, vlan.site, vlan.status.slug) == (101, group, site, "active")
    assert set(vlan.interfaces_as_untagged.values_list("device__name", "name")) == {
        (switch, port) for switch in ("br7-sw-01", "br7-sw-02") for port in ("Ethernet1", "Ethernet2")
    }
    assert sorted(vlan.interfaces_as_tagged.values_list("device__name", "name")) == [
        ("br7-sw-01", "Ethernet48"),
        ("br7-sw-02", "Ethernet48"),
    ]
    assert vlan.interfaces_as_untagged.filter(mode="access").count() == 4
    assert result.output.endswith("VLAN 101 on 4 access port(s)")

    # The same ID again clashes within the group: the script fails and leaves nothing behind.
    result, lines = run_here(
        fixture_jobs["ProvisionAccessVLAN"], {**data, "vlan_name": "printers", "vid": 101}
    )
    assert result.status == Status.STATUS_ERRORED, lines
    assert not VLAN.objects.filter(name="printers").exists()


def test_the_nautobot_2_job_audits_a_locations_vlan_groups_and_access_ports(fixture_jobs, site):
    location = Location.objects.get(site=site)
    group = VLANGroupFactory(name="Branch 7 access", location=location, range="100-102")
    users = VLANFactory(vlan_group=group, vid=100, name="users")
    VLANFactory(vlan_group=group, vid=101, name="voice")
    ports = site.devices.get(name="br7-sw-01").interfaces
    ports.filter(name="Ethernet1").update(mode="access", untagged_vlan=users)
    ports.filter(name="Ethernet2").update(mode="access")

    result, lines = run_here(fixture_jobs["AuditVLANs"], {"location": str(location.pk)})

    assert result.status == Status.STATUS_FAILED, lines
    assert ("run", "info", "Branch 7 access (100-102): 2 VLAN(s), next free 102") in lines
    assert ("run", "warning", "Access port without a VLAN") in lines
    assert result.return_value == {"access_ports_without_vlan": ["Ethernet2"]}
