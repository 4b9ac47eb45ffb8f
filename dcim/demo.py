"""The inventory's part of the demo inventory: statuses, regions, sites, locations, device types with their
component templates, devices with their ports, cables."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from core.demo import DemoLoader, register_demo
from dcim.choices import DEFAULT_STATUSES, CableStatusChoices, InterfaceTypeChoices, PortTypeChoices
from dcim.models import (
    Cable,
    ConsolePort,
    ConsolePortTemplate,
    ConsoleServerPort,
    Device,
    DeviceBay,
    DeviceBayTemplate,
    DeviceRole,
    DeviceType,
    FrontPortTemplate,
    Interface,
    InterfaceTemplate,
    InventoryItem,
    Location,
    LocationType,
    Manufacturer,
    Module,
    ModuleBay,
    ModuleBayTemplate,
    ModuleType,
    Platform,
    PowerOutlet,
    PowerPort,
    PowerPortTemplate,
    RearPortTemplate,
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
    ("Patch Panel", "patch-panel", "795548"),
    ("Compute", "compute", "673ab7"),
]
# Nautobot 2.x's view: below each site's location (made with the site), buildings and floors holding devices.
LOCATION_TYPES = [("Building", "Site"), ("Floor", "Building")]
LOCATIONS = [
    ("Paris DC1", "Building", "Paris"),
    ("Paris DC1 Floor 1", "Floor", "Paris DC1"),
    ("Berlin DC", "Building", "Berlin"),
]
# Devices placed on a floor rather than at their site's location.
DEVICE_LOCATIONS = {"par-rtr-01": "Paris DC1 Floor 1", "par-sw-01": "Paris DC1 Floor 1"}
DEVICE_TYPES = [
    ("DCS-7280", "dcs-7280"),
    ("DCS-7050", "dcs-7050"),
    ("CS-48", "cs-48"),
    ("PDU-8", "pdu-8"),
    ("PP-6-LC", "pp-6-lc"),
]

# name, site slug, role slug, device type slug, status slug, whether it has a Loopback0 (IPAM addresses it).
DEVICES = [
    ("par-rtr-01", "paris", "router", "dcs-7280", "active", True),
    ("par-sw-01", "paris", "access-switch", "dcs-7050", "active", False),
    ("par-cs-01", "paris", "console-server", "cs-48", "active", False),
    ("par-pdu-01", "paris", "pdu", "pdu-8", "active", False),
    ("ber-rtr-01", "berlin", "router", "dcs-7280", "active", True),
    ("lyo-rtr-01", "lyon-branch", "router", "dcs-7280", "planned", False),
    # Its ports come from its type's templates: a rear MPO trunk and six front LC ports (dcim/components.py).
    ("ber-pp-01", "berlin", "patch-panel", "pp-6-lc", "planned", False),
]


@register_demo
def load_inventory(demo: DemoLoader) -> None:
    statuses = load_statuses(demo)
    sites = load_organization(demo, statuses["active"])
    locations = load_locations(demo, statuses["active"])
    devices = load_devices(demo, sites, statuses, locations)
    load_cables(demo, devices)
    load_modules_and_parts(demo, devices["ber-rtr-01"])
    load_blade_chassis(demo, sites["berlin"], statuses["planned"])


def load_statuses(demo: DemoLoader) -> dict[str, Status]:
    statuses = {}
    for slug, (name, color, labels) in DEFAULT_STATUSES.items():
        statuses[slug] = demo.get_or_create(Status, slug=slug, defaults={"name": name, "color": color})
        for label in labels:
            statuses[slug].content_types.add(ContentType.objects.get_by_natural_key(*label.split(".")))
    return statuses


def load_organization(demo: DemoLoader, active: Status) -> dict[str, Site]:
    regions: dict[str, Region] = {}
    for name, slug, parent in REGIONS:
        regions[slug] = demo.get_or_create(
            Region, slug=slug, defaults={"name": name, "parent": regions.get(parent)}
        )
    return {
        slug: demo.get_or_create(
            Site, slug=slug, defaults={"name": name, "region": regions[region], "status": active}
        )
        for name, slug, region in SITES
    }


def load_locations(demo: DemoLoader, active: Status) -> dict[str, Location]:
    """Buildings and floors below the sites' locations (which the sites made: dcim/locations.py)."""
    device = ContentType.objects.get_for_model(Device)
    for name, parent in LOCATION_TYPES:
        kind = demo.get_or_create(
            LocationType, name=name, defaults={"parent": LocationType.objects.get(name=parent)}
        )
        kind.content_types.add(device)
    locations: dict[str, Location] = {}
    for name, kind, parent in LOCATIONS:
        above = locations.get(parent) or Location.objects.get(name=parent, location_type__name="Site")
        locations[name] = demo.get_or_create(
            Location,
            name=name,
            parent=above,
            defaults={"location_type": LocationType.objects.get(name=kind), "status": active},
        )
    return locations


def load_devices(
    demo: DemoLoader, sites: dict[str, Site], statuses: dict[str, Status], locations: dict[str, Location]
) -> dict[str, Device]:
    roles = {
        slug: demo.get_or_create(DeviceRole, slug=slug, defaults={"name": name, "color": color})
        for name, slug, color in ROLES
    }
    vendor = demo.get_or_create(Manufacturer, slug="acme-networks", defaults={"name": "Acme Networks"})
    types = {
        slug: demo.get_or_create(DeviceType, slug=slug, defaults={"model": model, "manufacturer": vendor})
        for model, slug in DEVICE_TYPES
    }
    load_templates(demo, types)
    platform = demo.get_or_create(
        Platform, slug="acme-os", defaults={"name": "AcmeOS", "manufacturer": vendor}
    )
    devices = {}
    for name, site, role, device_type, status, loopback in DEVICES:
        defaults = {"role": roles[role], "device_type": types[device_type], "status": statuses[status]}
        location = locations.get(DEVICE_LOCATIONS.get(name, ""))
        devices[name] = demo.get_or_create(
            Device,
            name=name,
            site=sites[site],
            defaults={**defaults, "platform": platform, "location": location},
        )
        load_ports(demo, devices[name], role, loopback)
    return devices


def load_templates(demo: DemoLoader, types: dict[str, DeviceType]) -> None:
    """The access switch type promises the ports its devices have; the patch panel is all templates."""
    switch = types["dcs-7050"]
    for index in (1, 2):
        demo.get_or_create(
            InterfaceTemplate,
            device_type=switch,
            name=f"Ethernet{index}",
            defaults={"type": InterfaceTypeChoices.SFP_PLUS_10G},
        )
        demo.get_or_create(PowerPortTemplate, device_type=switch, name=f"PSU{index}")
    demo.get_or_create(
        InterfaceTemplate,
        device_type=switch,
        name="Management1",
        defaults={"type": InterfaceTypeChoices.BASE_T_1G, "mgmt_only": True},
    )
    demo.get_or_create(ConsolePortTemplate, device_type=switch, name="Console")
    for slot in (1, 2):  # the routers' line card slots
        demo.get_or_create(
            ModuleBayTemplate,
            device_type=types["dcs-7280"],
            name=f"Slot {slot}",
            defaults={"position": str(slot)},
        )
    panel = types["pp-6-lc"]
    trunk = demo.get_or_create(
        RearPortTemplate,
        device_type=panel,
        name="Trunk",
        defaults={"type": PortTypeChoices.TYPE_MPO, "positions": 6},
    )
    for position in range(1, 7):
        demo.get_or_create(
            FrontPortTemplate,
            device_type=panel,
            name=f"Port {position}",
            defaults={"type": PortTypeChoices.TYPE_LC, "rear_port": trunk, "rear_port_position": position},
        )


def load_ports(demo: DemoLoader, device: Device, role: str, loopback: bool) -> None:
    if role == "patch-panel":
        return  # its front and rear ports were made from its type's templates
    for index in (1, 2):
        demo.get_or_create(
            Interface,
            device=device,
            name=f"Ethernet{index}",
            defaults={"type": InterfaceTypeChoices.SFP_PLUS_10G},
        )
    demo.get_or_create(
        Interface,
        device=device,
        name="Management1",
        defaults={"type": InterfaceTypeChoices.BASE_T_1G, "mgmt_only": True},
    )
    if loopback:
        demo.get_or_create(
            Interface, device=device, name="Loopback0", defaults={"type": InterfaceTypeChoices.LOOPBACK}
        )
    if role == "console-server":
        for index in range(1, 5):
            demo.get_or_create(ConsoleServerPort, device=device, name=f"Port {index}")
    elif role == "pdu":
        for index in range(1, 9):
            demo.get_or_create(PowerOutlet, device=device, name=f"Outlet {index}")
    else:
        demo.get_or_create(ConsolePort, device=device, name="Console")
        for index in (1, 2):
            demo.get_or_create(PowerPort, device=device, name=f"PSU{index}")


def load_cables(demo: DemoLoader, devices: dict[str, Device]) -> None:
    """Paris is cabled (one PSU only planned); Berlin's router has no console or power cables at all."""
    rtr, sw, cs, pdu = (devices[name] for name in ("par-rtr-01", "par-sw-01", "par-cs-01", "par-pdu-01"))
    planned = CableStatusChoices.PLANNED
    pairs = [
        (
            Interface.objects.get(device=rtr, name="Ethernet1"),
            Interface.objects.get(device=sw, name="Ethernet1"),
            None,
        ),
        (ConsolePort.objects.get(device=rtr), ConsoleServerPort.objects.get(device=cs, name="Port 1"), None),
        (
            ConsolePort.objects.get(device=sw),
            ConsoleServerPort.objects.get(device=cs, name="Port 2"),
            planned,
        ),
        (
            PowerPort.objects.get(device=rtr, name="PSU1"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 1"),
            None,
        ),
        (
            PowerPort.objects.get(device=rtr, name="PSU2"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 2"),
            None,
        ),
        (
            PowerPort.objects.get(device=sw, name="PSU1"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 3"),
            None,
        ),
        (
            PowerPort.objects.get(device=sw, name="PSU2"),
            PowerOutlet.objects.get(device=pdu, name="Outlet 4"),
            planned,
        ),
    ]
    # Berlin's router is patched into its panel, whose trunk is not cabled yet: a path that stops at the panel.
    panel = Device.objects.filter(name="ber-pp-01").first()
    if panel is not None:
        pairs.append(
            (
                Interface.objects.get(device=devices["ber-rtr-01"], name="Ethernet1"),
                panel.frontports.get(name="Port 1"),
                None,
            )
        )
    for a, b, status in pairs:
        if a.cable_id is None and b.cable_id is None:
            demo.save(Cable(termination_a=a, termination_b=b, status=status or CableStatusChoices.CONNECTED))


def load_modules_and_parts(demo: DemoLoader, router: Device) -> None:
    """A line card in the Berlin router's first slot (its second stays empty) and the parts it reports."""
    vendor = Manufacturer.objects.get(slug="acme-networks")
    # Not demo.get_or_create(): its first parameter is named `model`, as is the module type's field.
    card = ModuleType.objects.filter(manufacturer=vendor, model="LC-8X10G").first() or demo.save(
        ModuleType(manufacturer=vendor, model="LC-8X10G", part_number="LC-8X10G-R")
    )
    slot = ModuleBay.objects.get(device=router, name="Slot 1")
    module = demo.get_or_create(
        Module, module_bay=slot, defaults={"device": router, "module_type": card, "serial": "LC0001"}
    )
    for index in (1, 2):
        demo.get_or_create(
            Interface,
            device=router,
            name=f"Ethernet1/{index}",
            defaults={"type": InterfaceTypeChoices.SFP_PLUS_10G, "module": module},
        )
    chassis = demo.get_or_create(
        InventoryItem,
        device=router,
        name="Chassis",
        parent=None,
        defaults={"manufacturer": vendor, "part_id": "DCS-7280-CH", "serial": "CH0001", "discovered": True},
    )
    for name, part_id in (("Fan tray 1", "FAN-7280"), ("Power supply 1", "PWR-500AC")):
        demo.get_or_create(
            InventoryItem,
            device=router,
            name=name,
            parent=chassis,
            defaults={"manufacturer": vendor, "part_id": part_id, "discovered": True},
        )


def load_blade_chassis(demo: DemoLoader, site: Site, planned: Status) -> None:
    """A planned blade chassis at Berlin, its two bays made from its type's templates, a blade in the first."""
    vendor = Manufacturer.objects.get(slug="acme-networks")
    chassis_type = demo.get_or_create(
        DeviceType,
        slug="bc-2",
        defaults={"model": "BC-2", "manufacturer": vendor, "subdevice_role": "parent"},
    )
    blade_type = demo.get_or_create(
        DeviceType,
        slug="bl-1",
        defaults={"model": "BL-1", "manufacturer": vendor, "subdevice_role": "child", "u_height": 0},
    )
    for index in (1, 2):
        demo.get_or_create(DeviceBayTemplate, device_type=chassis_type, name=f"Bay {index}")
    role = DeviceRole.objects.get(slug="compute")
    chassis, blade = (
        demo.get_or_create(
            Device, name=name, site=site, defaults={"device_type": kind, "role": role, "status": planned}
        )
        for name, kind in (("ber-bc-01", chassis_type), ("ber-blade-01", blade_type))
    )
    bay = DeviceBay.objects.get(device=chassis, name="Bay 1")
    if bay.installed_device_id is None:
        bay.installed_device = blade
        bay.validated_save()


# Site groups, racks and power, placing the devices above: registered after load_inventory.
from dcim import demo_racks  # noqa: E402, F401
