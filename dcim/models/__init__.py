"""Inventory models, one module per subdomain; import them from here (prefixes and addresses: ipam.models)."""

from dcim.models.cables import Cable, CableTermination
from dcim.models.devices import Device, DeviceRole, DeviceType, Manufacturer, Platform, Role
from dcim.models.locations import Location, LocationType
from dcim.models.organization import Region, Site, Status
from dcim.models.ports import ConsolePort, ConsoleServerPort, Interface, PortBase, PowerOutlet, PowerPort

__all__ = [
    "Cable",
    "CableTermination",
    "ConsolePort",
    "ConsoleServerPort",
    "Device",
    "DeviceRole",
    "DeviceType",
    "Interface",
    "Location",
    "LocationType",
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
