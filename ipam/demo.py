"""IPAM's part of the demo inventory: prefixes, the routers' loopbacks (their primary IPv4) and uplinks."""

from __future__ import annotations

from core.demo import DemoLoader, register_demo
from dcim.models import Device, Interface, Status
from ipam.models import IPAddress, Prefix

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
            IPAddress, address=address, defaults={"status": active, "assigned_interface": port}
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
