"""load_demo_data: a small, idempotent demo inventory that the example jobs can run against."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction

from dcim.choices import DEFAULT_STATUSES, CableStatusChoices, InterfaceTypeChoices
from dcim.models import (
    Cable,
    ConsolePort,
    ConsoleServerPort,
    Device,
    DeviceRole,
    DeviceType,
    Interface,
    IPAddress,
    Manufacturer,
    Platform,
    PowerOutlet,
    PowerPort,
    Prefix,
    Region,
    Site,
    Status,
)

REGIONS = [("Europe", "europe", None), ("France", "france", "europe"), ("Germany", "germany", "europe")]
SITES = [
    ("Paris", "paris", "france"),
    ("Berlin", "berlin", "germany"),
    ("Lyon Branch", "lyon-branch", "france"),
]
ROLES = [
    ("Router", "router", "2196f3"),
    ("Access Switch", "access-switch", "4caf50"),
    ("Console Server", "console-server", "9e9e9e"),
    ("PDU", "pdu", "ffc107"),
]
DEVICE_TYPES = [("DCS-7280", "dcs-7280"), ("DCS-7050", "dcs-7050"), ("CS-48", "cs-48"), ("PDU-8", "pdu-8")]

# name, site slug, role slug, device type slug, status slug, IPv4 of Loopback0 (None: no loopback).
DEVICES = [
    ("par-rtr-01", "paris", "router", "dcs-7280", "active", "10.255.0.1/32"),
    ("par-sw-01", "paris", "access-switch", "dcs-7050", "active", None),
    ("par-cs-01", "paris", "console-server", "cs-48", "active", None),
    ("par-pdu-01", "paris", "pdu", "pdu-8", "active", None),
    ("ber-rtr-01", "berlin", "router", "dcs-7280", "active", "10.255.0.2/32"),
    ("lyo-rtr-01", "lyon-branch", "router", "dcs-7280", "planned", None),
]
PREFIXES = [
    ("10.0.0.0/8", "active"),
    ("10.1.0.0/16", "active"),
    ("10.1.1.0/24", "active"),
    ("10.255.0.0/24", "active"),
    ("2001:db8::/32", "active"),
    ("2001:db8:1::/48", "reserved"),
]
# Uplink addresses; 192.0.2.1 lies in no prefix (the "parent prefix" report should flag it).
ADDRESSES = [
    ("10.1.1.1/24", "par-rtr-01", "Ethernet1", "par-rtr-01.example.net"),
    ("10.1.1.2/24", "par-sw-01", "Ethernet1", "par-sw-01.example.net"),
    ("2001:db8:1::1/64", "par-rtr-01", "Ethernet1", ""),
    ("192.0.2.1/24", "ber-rtr-01", "Ethernet1", "ber-rtr-01.example.net"),
]


class Command(BaseCommand):
    help = "Create a small demo inventory (regions, sites, devices, ports, cables, prefixes, IPs). Safe to rerun."

    def handle(self, *args, **options) -> None:
        self.created = 0
        with transaction.atomic():
            self.load()
        self.stdout.write(
            f"Demo inventory: {self.created} objects created ({self.total()} in the inventory)."
        )

    def get_or_create(self, model, defaults=None, **lookups):
        obj = model.objects.filter(**lookups).first()
        if obj is None:
            obj = model(**lookups, **(defaults or {}))
            obj.validated_save()
            self.created += 1
        return obj

    def load(self) -> None:
        statuses = self.load_statuses()
        sites = self.load_organization(statuses["active"])
        devices = self.load_devices(sites, statuses)
        self.load_cables(devices)
        self.load_addresses(devices, statuses)

    def load_organization(self, active: Status) -> dict[str, Site]:
        regions: dict[str, Region] = {}
        for name, slug, parent in REGIONS:
            regions[slug] = self.get_or_create(
                Region, slug=slug, defaults={"name": name, "parent": regions.get(parent)}
            )
        return {
            slug: self.get_or_create(
                Site, slug=slug, defaults={"name": name, "region": regions[region], "status": active}
            )
            for name, slug, region in SITES
        }

    def load_devices(self, sites: dict[str, Site], statuses: dict[str, Status]) -> dict[str, Device]:
        roles = {
            slug: self.get_or_create(DeviceRole, slug=slug, defaults={"name": name, "color": color})
            for name, slug, color in ROLES
        }
        vendor = self.get_or_create(Manufacturer, slug="acme-networks", defaults={"name": "Acme Networks"})
        types = {
            slug: self.get_or_create(DeviceType, slug=slug, defaults={"model": model, "manufacturer": vendor})
            for model, slug in DEVICE_TYPES
        }
        platform = self.get_or_create(
            Platform, slug="acme-os", defaults={"name": "AcmeOS", "manufacturer": vendor}
        )
        devices = {}
        for name, site, role, device_type, status, loopback in DEVICES:
            defaults = {"role": roles[role], "device_type": types[device_type], "status": statuses[status]}
            devices[name] = self.get_or_create(
                Device, name=name, site=sites[site], defaults={**defaults, "platform": platform}
            )
            self.load_ports(devices[name], role, loopback, statuses["active"])
        return devices

    def load_addresses(self, devices: dict[str, Device], statuses: dict[str, Status]) -> None:
        for prefix, status in PREFIXES:
            self.get_or_create(Prefix, prefix=prefix, defaults={"status": statuses[status]})
        for address, device, interface, dns_name in ADDRESSES:
            port = Interface.objects.get(device=devices[device], name=interface)
            defaults = {"status": statuses["active"], "dns_name": dns_name, "assigned_interface": port}
            self.get_or_create(IPAddress, address=address, defaults=defaults)

    def load_statuses(self) -> dict[str, Status]:
        statuses = {}
        for slug, (name, color, model_names) in DEFAULT_STATUSES.items():
            statuses[slug] = self.get_or_create(Status, slug=slug, defaults={"name": name, "color": color})
            for model_name in model_names:
                statuses[slug].content_types.add(ContentType.objects.get_by_natural_key("dcim", model_name))
        return statuses

    def load_ports(self, device: Device, role: str, loopback: str | None, active: Status) -> None:
        for index in (1, 2):
            self.get_or_create(
                Interface,
                device=device,
                name=f"Ethernet{index}",
                defaults={"type": InterfaceTypeChoices.SFP_PLUS_10G},
            )
        self.get_or_create(
            Interface,
            device=device,
            name="Management1",
            defaults={"type": InterfaceTypeChoices.BASE_T_1G, "mgmt_only": True},
        )
        if loopback:
            port = self.get_or_create(
                Interface, device=device, name="Loopback0", defaults={"type": InterfaceTypeChoices.LOOPBACK}
            )
            address = self.get_or_create(
                IPAddress, address=loopback, defaults={"status": active, "assigned_interface": port}
            )
            if device.primary_ip4_id is None:
                device.primary_ip4 = address
                device.validated_save()
        if role == "console-server":
            for index in range(1, 5):
                self.get_or_create(ConsoleServerPort, device=device, name=f"Port {index}")
        elif role == "pdu":
            for index in range(1, 9):
                self.get_or_create(PowerOutlet, device=device, name=f"Outlet {index}")
        else:
            self.get_or_create(ConsolePort, device=device, name="Console")
            for index in (1, 2):
                self.get_or_create(PowerPort, device=device, name=f"PSU{index}")

    def load_cables(self, devices: dict[str, Device]) -> None:
        """Paris is cabled (one PSU only planned); Berlin's router has no console or power cables at all."""
        rtr, sw, cs, pdu = (devices[name] for name in ("par-rtr-01", "par-sw-01", "par-cs-01", "par-pdu-01"))
        planned = CableStatusChoices.PLANNED
        self.cable(
            Interface.objects.get(device=rtr, name="Ethernet1"),
            Interface.objects.get(device=sw, name="Ethernet1"),
        )
        self.cable(
            ConsolePort.objects.get(device=rtr), ConsoleServerPort.objects.get(device=cs, name="Port 1")
        )
        self.cable(
            ConsolePort.objects.get(device=sw),
            ConsoleServerPort.objects.get(device=cs, name="Port 2"),
            planned,
        )
        self.cable(
            PowerPort.objects.get(device=rtr, name="PSU1"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 1"),
        )
        self.cable(
            PowerPort.objects.get(device=rtr, name="PSU2"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 2"),
        )
        self.cable(
            PowerPort.objects.get(device=sw, name="PSU1"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 3"),
        )
        self.cable(
            PowerPort.objects.get(device=sw, name="PSU2"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 4"),
            planned,
        )

    def cable(self, a, b, status: str = CableStatusChoices.CONNECTED) -> None:
        if a.cable_id is None and b.cable_id is None:
            Cable(termination_a=a, termination_b=b, status=status).validated_save()
            self.created += 1

    @staticmethod
    def total() -> int:
        models = (
            Region,
            Site,
            Status,
            Manufacturer,
            DeviceType,
            DeviceRole,
            Platform,
            Device,
            Interface,
            ConsolePort,
            ConsoleServerPort,
            PowerPort,
            PowerOutlet,
            Cable,
            Prefix,
            IPAddress,
        )
        return sum(model.objects.count() for model in models)
