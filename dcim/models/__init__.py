"""Inventory models, one module per subdomain; import them from here (prefixes and addresses: ipam.models)."""

from dcim.models.cables import Cable, CableTermination
from dcim.models.devices import Device, DeviceRole, DeviceType, Manufacturer, Platform, Role
from dcim.models.inventory import InventoryItem
from dcim.models.locations import Location, LocationType
from dcim.models.modules import DeviceBay, Module, ModuleBay, ModuleType
from dcim.models.organization import Region, Site, SiteGroup, Status
from dcim.models.ports import (
    ConsolePort,
    ConsoleServerPort,
    FrontPort,
    Interface,
    PortBase,
    PowerOutlet,
    PowerPort,
    RearPort,
)
from dcim.models.power import PowerFeed, PowerPanel
from dcim.models.racks import Rack, RackGroup, RackReservation, RackRole
from dcim.models.templates import (
    ComponentTemplate,
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    DeviceBayTemplate,
    FrontPortTemplate,
    InterfaceTemplate,
    ModuleBayTemplate,
    PowerOutletTemplate,
    PowerPortTemplate,
    RearPortTemplate,
)

__all__ = [
    "Cable",
    "CableTermination",
    "ComponentTemplate",
    "ConsolePort",
    "ConsolePortTemplate",
    "ConsoleServerPort",
    "ConsoleServerPortTemplate",
    "Device",
    "DeviceBay",
    "DeviceBayTemplate",
    "DeviceRole",
    "DeviceType",
    "FrontPort",
    "FrontPortTemplate",
    "Interface",
    "InterfaceTemplate",
    "InventoryItem",
    "Location",
    "LocationType",
    "Manufacturer",
    "Module",
    "ModuleBay",
    "ModuleBayTemplate",
    "ModuleType",
    "Platform",
    "PortBase",
    "PowerFeed",
    "PowerOutlet",
    "PowerOutletTemplate",
    "PowerPanel",
    "PowerPort",
    "PowerPortTemplate",
    "Rack",
    "RackGroup",
    "RackReservation",
    "RackRole",
    "RearPort",
    "RearPortTemplate",
    "Region",
    "Role",
    "Site",
    "SiteGroup",
    "Status",
]
