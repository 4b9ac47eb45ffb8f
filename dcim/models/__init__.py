"""Inventory models, one module per subdomain; import them from here (prefixes and addresses: ipam.models)."""

from dcim.models.cables import Cable
from dcim.models.devices import Device, DeviceRole, DeviceType, Manufacturer, Platform, Role
from dcim.models.organization import Region, Site, Status
from dcim.models.ports import ConsolePort, ConsoleServerPort, Interface, PortBase, PowerOutlet, PowerPort

__all__ = [
    "Cable",
    "ConsolePort",
    "ConsoleServerPort",
    "Device",
    "DeviceRole",
    "DeviceType",
    "Interface",
    "Manufacturer",
    "Platform",
    "PortBase",
    "PowerOutlet",
    "PowerPort",
    "Region",
    "Role",
    "Site",
    "Status",
]
