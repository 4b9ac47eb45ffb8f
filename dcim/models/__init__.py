"""Inventory models, one module per subdomain; import them from here (prefixes and addresses: ipam.models)."""

from dcim.models.cables import Cable
from dcim.models.devices import Device, DeviceRole, DeviceType, Manufacturer, Platform, Role
from dcim.models.locations import Location, LocationType
from dcim.models.organization import Region, Site, SiteGroup, Status
from dcim.models.ports import ConsolePort, ConsoleServerPort, Interface, PortBase, PowerOutlet, PowerPort
from dcim.models.power import PowerFeed, PowerPanel
from dcim.models.racks import Rack, RackGroup, RackReservation, RackRole

__all__ = [
    "Cable",
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
    "PowerFeed",
    "PowerOutlet",
    "PowerPanel",
    "PowerPort",
    "Rack",
    "RackGroup",
    "RackReservation",
    "RackRole",
    "Region",
    "Role",
    "Site",
    "SiteGroup",
    "Status",
]
