"""IPAM's part of the demo inventory: prefixes, the routers' loopbacks (their primary IPv4, role loopback) and
uplinks; RIRs and aggregates, a DHCP range, and the services the devices offer; a VLAN group per site with its
VLANs, and a switch's ports on them."""

from __future__ import annotations

from core.demo import DemoLoader, register_demo
from dcim.choices import InterfaceModeChoices
from dcim.models import Device, Interface, Site, Status
from ipam.models import (
    RIR,
    VLAN,
    VRF,
    Aggregate,
    IPAddress,
    IPRange,
    Prefix,
    Role,
    RouteTarget,
    Service,
    VLANGroup,
)
from ipam.statuses import ip_range_statuses

PREFIXES = [
    ("10.0.0.0/8", "active"),
    ("10.1.0.0/16", "active"),
    ("10.1.1.0/24", "active"),
    ("10.255.0.0/24", "active"),
    ("2001:db8::/32", "active"),
    ("2001:db8:1::/48", "reserved"),
]
LOOPBACKS = [("par-rtr-01", "10.255.0.1/32"), ("ber-rtr-01", "10.255.0.2/32")]
# Uplink addresses; 192.0.2.1 lies in no prefix (the "parent prefix" report should flag it).
ADDRESSES = [
    ("10.1.1.1/24", "par-rtr-01", "Ethernet1", "par-rtr-01.example.net"),
    ("10.1.1.2/24", "par-sw-01", "Ethernet1", "par-sw-01.example.net"),
    ("2001:db8:1::1/64", "par-rtr-01", "Ethernet1", ""),
    ("192.0.2.1/24", "ber-rtr-01", "Ethernet1", "ber-rtr-01.example.net"),
]


@register_demo
def load_addresses(demo: DemoLoader) -> None:
    statuses = {status.slug: status for status in Status.objects.all()}
    active = statuses["active"]
    for device_name, address in LOOPBACKS:
        device = Device.objects.get(name=device_name)
        port = Interface.objects.get(device=device, name="Loopback0")
        loopback = demo.get_or_create(
            IPAddress,
            address=address,
            defaults={"status": active, "role": "loopback", "assigned_interface": port},
        )
        if device.primary_ip4_id is None:
            device.primary_ip4 = loopback
            device.validated_save()
    for prefix, status in PREFIXES:
        demo.get_or_create(Prefix, prefix=prefix, defaults={"status": statuses[status]})
    for address, device, interface, dns_name in ADDRESSES:
        port = Interface.objects.get(device__name=device, name=interface)
        defaults = {"status": active, "dns_name": dns_name, "assigned_interface": port}
        demo.get_or_create(IPAddress, address=address, defaults=defaults)


# RIR name → (private?, aggregates): 10/8 holds the demo's prefixes; 2001:db8::/32 is the documentation block.
AGGREGATES = {
    "RFC 1918": (True, ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]),
    "ARIN": (False, ["198.51.100.0/24"]),
    "RFC 3849": (True, ["2001:db8::/32"]),
}
DHCP_RANGE = ("10.1.1.100/24", "10.1.1.199/24")
# device → [(name, protocol, ports)]
SERVICES = {
    "par-rtr-01": [("ssh", "tcp", [22]), ("snmp", "udp", [161])],
    "ber-rtr-01": [("ssh", "tcp", [22])],
    "par-sw-01": [("ssh", "tcp", [22]), ("https", "tcp", [443])],
}


@register_demo
def load_address_space(demo: DemoLoader) -> None:
    for name, (is_private, prefixes) in AGGREGATES.items():
        rir = demo.get_or_create(RIR, name=name, defaults={"is_private": is_private})
        for prefix in prefixes:
            demo.get_or_create(Aggregate, prefix=prefix, defaults={"rir": rir})
    dhcp = demo.get_or_create(Role, name="DHCP pool", defaults={"slug": "dhcp-pool"})
    start, end = DHCP_RANGE
    demo.get_or_create(
        IPRange,
        start_address=start,
        defaults={
            "end_address": end,
            "status": ip_range_statuses()["active"],
            "role": dhcp,
            "description": "Paris office clients",
        },
    )
    for device_name, services in SERVICES.items():
        device = Device.objects.get(name=device_name)
        for name, protocol, ports in services:
            service = demo.get_or_create(
                Service, device=device, name=name, defaults={"protocol": protocol, "ports": ports}
            )
            if name == "ssh" and device.primary_ip4_id and not service.ipaddresses.exists():
                service.ipaddresses.add(device.primary_ip4_id)


# (site slug, group name, first and last VLAN ID), then (group, VLAN ID, name, status); a group-less VLAN is global.
VLAN_GROUPS = [("paris", "Paris access", 100, 199), ("berlin", "Berlin access", 100, 199)]
VLANS = [
    ("Paris access", 100, "users", "active"),
    ("Paris access", 110, "voice", "active"),
    ("Paris access", 120, "printers", "reserved"),
    ("Berlin access", 100, "users", "active"),
    ("Berlin access", 110, "voice", "active"),
    (None, 999, "out-of-band", "active"),
]
# The Paris switch: its uplink trunks the site's VLANs, its second port is a user access port.
SWITCHPORTS = [
    ("par-sw-01", "Ethernet1", "tagged", ("users", "voice")),
    ("par-sw-01", "Ethernet2", "access", "users"),
]
VLAN_PREFIXES = [("10.1.100.0/24", "Paris access", "users")]


@register_demo
def load_vlans(demo: DemoLoader) -> None:
    statuses = {status.slug: status for status in Status.objects.all()}
    groups = {}
    for site, name, min_vid, max_vid in VLAN_GROUPS:
        defaults = {"site": Site.objects.get(slug=site), "min_vid": min_vid, "max_vid": max_vid}
        groups[name] = demo.get_or_create(VLANGroup, name=name, defaults=defaults)
    vlans = {}
    for group_name, vid, name, status in VLANS:
        group = groups.get(group_name)
        defaults = {"name": name, "status": statuses[status], "site": group.site if group else None}
        vlans[group_name, name] = demo.get_or_create(VLAN, group=group, vid=vid, defaults=defaults)
    for device, name, mode, carried in SWITCHPORTS:
        port = Interface.objects.get(device__name=device, name=name)
        if port.mode:
            continue
        group = Device.objects.get(name=device).site.name + " access"
        port.mode = mode
        if mode == InterfaceModeChoices.MODE_ACCESS:
            port.untagged_vlan = vlans[group, carried]
        port.validated_save()
        if mode == InterfaceModeChoices.MODE_TAGGED:
            port.tagged_vlans.set([vlans[group, name] for name in carried])
    for prefix, group_name, vlan in VLAN_PREFIXES:
        defaults = {"status": statuses["active"], "vlan": vlans[group_name, vlan]}
        demo.get_or_create(Prefix, prefix=prefix, defaults=defaults)


# VRFs: two customer VRFs with route distinguishers, a shared-services route target they import, and the same
# customer prefix in both (apart in their own tables).
# name, RD, prefixes (the first holds the gateway .1)
VRFS = [
    ("cust-acme", "65000:100", ["172.16.0.0/16", "172.16.1.0/24"]),
    ("cust-globex", "65000:200", ["172.16.0.0/16", "172.16.9.0/24"]),
]
SHARED_SERVICES = "65000:1"


@register_demo
def load_vrfs(demo: DemoLoader) -> None:
    active = Status.objects.get(slug="active")
    shared = demo.get_or_create(
        RouteTarget, name=SHARED_SERVICES, defaults={"description": "Shared services"}
    )
    for name, rd, prefixes in VRFS:
        vrf = demo.get_or_create(VRF, rd=rd, defaults={"name": name, "description": f"Customer VRF {name}"})
        own = demo.get_or_create(RouteTarget, name=rd, defaults={"description": f"Routes of {name}"})
        vrf.import_targets.add(own, shared)
        vrf.export_targets.add(own)
        for text in prefixes:
            prefix = demo.get_or_create(Prefix, prefix=text, vrf=vrf, defaults={"status": active})
        gateway = f"{prefix.prefix[1]}/{prefix.prefix_length}"
        demo.get_or_create(IPAddress, address=gateway, vrf=vrf, defaults={"status": active})
