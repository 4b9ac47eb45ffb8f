"""load_demo_data builds an inventory the example jobs can use, and a second run creates nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from dcim.models import (
    ConsolePort,
    Device,
    DeviceRole,
    Interface,
    Location,
    PowerPort,
    Region,
    Role,
)
from ipam.models import VLAN, IPAddress, Prefix, VLANGroup

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def test_second_run_creates_nothing():
    first = load()
    counts = {model: model.objects.count() for model in (Device, Interface, IPAddress, Prefix, Region)}
    second = load()
    assert not first.startswith("Demo inventory: 0 objects created")
    assert second.startswith("Demo inventory: 0 objects created")
    assert len(second.strip().splitlines()) == 1
    assert counts == {model: model.objects.count() for model in counts}


def test_demo_data_has_what_the_example_jobs_look_for():
    load()
    assert DeviceRole.objects.filter(name="Access Switch").exists()
    assert Region.objects.filter(parent__isnull=False).exists()
    assert Interface.objects.filter(type="loopback", ip_addresses__isnull=False).exists()
    assert IPAddress.objects.without_parent().exists()
    statuses = {port.connection_status for port in ConsolePort.objects.all()}
    assert statuses == {True, False, None}  # connected, planned and missing console cables
    assert {port.connection_status for port in PowerPort.objects.all()} == {True, False, None}
    assert Device.objects.filter(primary_ip4__isnull=False).count() == 2


def test_demo_data_has_locations_for_nautobot_2x_jobs():
    load()
    assert Location.objects.get(name="Paris", location_type__name="Site").site.name == "Paris"
    assert Location.objects.get(name="France").location_type.name == "Region"
    floor = Location.objects.get(name="Paris DC1 Floor 1")
    assert list(floor.ancestors())[-2:] == [
        Location.objects.get(name="Paris"),
        Location.objects.get(name="Paris DC1"),
    ]
    placed = Device.objects.get(name="par-rtr-01")
    assert (placed.location, placed.site.name) == (floor, "Paris")
    assert Device.objects.filter(location__name="Berlin").exists()
    assert set(Role.objects.get_for_model(Device).values_list("name", flat=True)) >= {
        "Router",
        "Access Switch",
    }


def test_demo_data_has_devices_made_from_their_types_templates():
    load()
    panel = Device.objects.get(name="ber-pp-01")
    assert panel.rearports.get().positions == 6
    assert sorted(panel.frontports.values_list("rear_port_position", flat=True)) == [1, 2, 3, 4, 5, 6]
    switch = Device.objects.get(name="par-sw-01")
    assert set(switch.device_type.interfacetemplates.values_list("name", flat=True)) <= set(
        switch.interfaces.values_list("name", flat=True)
    )


def test_demo_data_has_modules_and_inventory_items():
    load()
    router = Device.objects.get(name="ber-rtr-01")
    assert sorted(router.modulebays.values_list("name", flat=True)) == ["Slot 1", "Slot 2"]
    module = router.modules.get()
    assert (module.module_bay.name, module.module_type.model) == ("Slot 1", "LC-8X10G")
    assert module.interfaces.count() == 2
    chassis = router.inventoryitems.get(parent=None)
    assert sorted(chassis.child_items.values_list("name", flat=True)) == ["Fan tray 1", "Power supply 1"]


def test_demo_data_has_a_blade_in_a_chassis_bay():
    load()
    chassis = Device.objects.get(name="ber-bc-01")
    assert sorted(chassis.devicebays.values_list("name", flat=True)) == ["Bay 1", "Bay 2"]
    assert Device.objects.get(name="ber-blade-01").parent_device == chassis


def test_demo_data_has_racks_with_devices_reservations_and_power():
    from dcim.models import PowerFeed, Rack, RackReservation, Site

    load()
    rack = Rack.objects.get(name="PAR-A01")
    assert (rack.site.name, rack.location.name, rack.rack_group.name, rack.role.name) == (
        "Paris",
        "Paris DC1 Floor 1",
        "Row A",
        "Network",
    )
    mounted = rack.devices.filter(position__isnull=False)
    assert mounted.count() >= 3 and 0 < rack.get_utilization() < 100
    assert rack.devices.filter(position__isnull=True).exists()  # something for a capacity report to flag
    assert RackReservation.objects.filter(rack__site__name="Paris").exists()
    assert PowerFeed.objects.filter(rack=rack).count() == 2
    assert Site.objects.filter(group__isnull=False).count() == Site.objects.count()
    assert Device.objects.filter(rack__isnull=True).exists()  # and a device in no rack


def test_demo_data_has_tagged_and_custom_fielded_devices():
    load()
    router = Device.objects.get(name="par-rtr-01")
    assert router.cf["asset_tag"] == "PA-0001" and router.cf["owner"] == "netops"
    assert {"core", "monitored"} <= set(router.tags.values_list("slug", flat=True))
    assert Device.objects.filter(tags__slug="needs-audit").exists()
    assert Device.objects.exclude(custom_field_data__has_key="asset_tag").exists()


def test_demo_data_has_circuits_at_the_sites_one_cabled_through_to_the_routers():
    from circuits.models import Circuit, CircuitTermination, Provider

    load()
    assert Provider.objects.count() == 2
    assert CircuitTermination.objects.filter(site__slug="paris").count() == 2
    assert CircuitTermination.objects.filter(provider_network__isnull=False).exists()
    paris = Interface.objects.get(device__name="par-rtr-01", name="Ethernet2")
    assert paris.link_peer == Circuit.objects.get(cid="EF-PAR-BER-01").termination_a
    assert paris.connected_endpoint == Interface.objects.get(device__name="ber-rtr-01", name="Ethernet2")
    uncabled = Circuit.objects.get(cid="TN-LYO-INET-01")
    assert uncabled.status == "active" and uncabled.termination_a.cable is None


def test_demo_data_has_vlan_groups_vlans_and_switchports_on_them():
    load()
    assert set(VLANGroup.objects.values_list("name", "site__slug")) == {
        ("Paris access", "paris"),
        ("Berlin access", "berlin"),
    }
    assert VLAN.objects.filter(group__isnull=True, site__isnull=True).exists()  # a global VLAN
    assert VLANGroup.objects.get(name="Paris access").get_next_available_vid() == 101
    uplink = Interface.objects.get(device__name="par-sw-01", name="Ethernet1")
    assert (uplink.mode, sorted(uplink.tagged_vlans.values_list("vid", flat=True))) == ("tagged", [100, 110])
    access = Interface.objects.get(device__name="par-sw-01", name="Ethernet2")
    assert (access.mode, access.untagged_vlan.name) == ("access", "users")
    assert Prefix.objects.get(prefix="10.1.100.0/24").vlan.name == "users"


def test_demo_data_has_address_space_a_dhcp_range_services_and_address_roles():
    from ipam.models import RIR, Aggregate, IPRange, Service

    load()
    assert RIR.objects.get(name="RFC 1918").is_private and not RIR.objects.get(name="ARIN").is_private
    assert Aggregate.objects.containing("10.1.1.1").get().rir.name == "RFC 1918"
    dhcp = IPRange.objects.get()
    assert (dhcp.size, dhcp.role.name, dhcp.status) == (100, "DHCP pool", "active")
    assert set(Service.objects.values_list("name", flat=True)) == {"ssh", "snmp", "https"}
    assert Service.objects.filter(name="ssh", ipaddresses__isnull=False).count() == 2
    assert IPAddress.objects.filter(role="loopback").count() == 2


def test_demo_data_has_customer_vrfs_with_route_targets_and_overlapping_prefixes():
    from ipam.models import VRF

    load()
    acme, globex = VRF.objects.get(name="cust-acme"), VRF.objects.get(name="cust-globex")
    assert (acme.rd, globex.rd) == ("65000:100", "65000:200")
    assert set(acme.import_targets.values_list("name", flat=True)) == {"65000:1", "65000:100"}
    assert set(globex.export_targets.values_list("name", flat=True)) == {"65000:200"}
    assert Prefix.objects.filter(prefix="172.16.0.0/16").count() == 2  # one in each VRF
    assert IPAddress.objects.get(vrf=acme).parent.prefix.prefixlen == 24
    assert acme.namespace.name == "Global"
