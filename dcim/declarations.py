"""The inventory's models, each declared once: pages, API, filters, search, menu and admin follow
(core/declarations). Querysets carry the select_related/prefetch their tables and serializers walk, so a
list costs the same number of queries for 5 rows or 500."""

from __future__ import annotations

from django.contrib.contenttypes.prefetch import GenericPrefetch
from rest_framework import serializers

from core.declarations import Related, declare, nested
from core.tables import Column
from dcim.api.nested_serializers import NestedStatusSerializerBase
from dcim.api.serializers import CableEndField, CableSerializerBase
from dcim.filters import (
    CableFilterSetBase,
    ContentTypesFilterSetBase,
    DeviceFilterSetBase,
    LocationFilterSetBase,
    LocationTypeFilterSetBase,
    PortFilterSetBase,
    RegionFilterSetBase,
)
from dcim.forms import (
    CableFormBase,
    DeviceFormBase,
    LocationTypeFormBase,
    RoleFormBase,
    SiteFormBase,
    StatusFormBase,
)
from dcim.models import (
    Cable,
    ConsolePort,
    ConsolePortTemplate,
    ConsoleServerPort,
    ConsoleServerPortTemplate,
    Device,
    DeviceBay,
    DeviceBayTemplate,
    DeviceRole,
    DeviceType,
    FrontPort,
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
    PowerOutletTemplate,
    PowerPort,
    PowerPortTemplate,
    RearPort,
    RearPortTemplate,
    Region,
    Role,
    Site,
    Status,
)

CABLE = Column("cable", template="dcim/cells/cable.html", order_by="")
PORT_MODELS = (Interface, ConsolePort, ConsoleServerPort, PowerPort, PowerOutlet, FrontPort, RearPort)
# A device's components and a type's templates, listed on their pages in this order.
COMPONENT_MODELS = (
    Interface,
    ConsolePort,
    ConsoleServerPort,
    PowerPort,
    PowerOutlet,
    FrontPort,
    RearPort,
    DeviceBay,
    ModuleBay,
    Module,
    InventoryItem,
)
TEMPLATE_MODELS = (
    InterfaceTemplate,
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    PowerPortTemplate,
    PowerOutletTemplate,
    FrontPortTemplate,
    RearPortTemplate,
    DeviceBayTemplate,
    ModuleBayTemplate,
)
NAMED = ("name", "slug", "description")


def related_list(model, field: str) -> Related:
    """The table of a device's components (or a type's templates) of one kind, titled by their plural name."""
    return Related(str(model._meta.verbose_name_plural).capitalize(), model._meta.label_lower, field)


def cable_end_prefetch(end: str) -> GenericPrefetch:
    """Load one end of many cables, per port type, with each port's device."""
    return GenericPrefetch(end, [model.objects.select_related("device") for model in PORT_MODELS])


# --- Organization ------------------------------------------------------------------------------------
declare(
    Region,
    queryset=Region.objects.select_related("parent"),
    menu="Organization",
    columns=("name", "slug", "parent", "description"),
    related=(Related("Child regions", "dcim.region", "parent"), Related("Sites", "dcim.site", "region")),
    filters=("name", "slug", "parent"),
    list_filters=("parent",),
    search_fields=NAMED,
    filterset_base=RegionFilterSetBase,
    form_fields=("name", "slug", "parent", "description"),
    api_fields=("name", "slug", "parent", "description"),
)
declare(
    Site,
    queryset=Site.objects.select_related("status", "region", "group", "tenant"),
    menu="Organization",
    columns=("name", "status", "region", "group", "tenant", "facility", "description"),
    related=(
        Related("Racks", "dcim.rack", "site"),
        Related("Devices", "dcim.device", "site"),
    ),
    filters=("name", "slug", "status", "region", "group", "facility", "tenant", "tenant_group=tenant__group"),
    list_filters=("status", "region", "group", "tenant"),
    search_fields=("name", "slug", "facility", "description"),
    form_fields=("name", "slug", "status", "region", "group", "tenant", "facility", "description"),
    form_base=SiteFormBase,
    api_fields=("name", "slug", "status", "region", "group", "tenant", "facility", "description"),
    # Required through the API as through the form (Nautobot's REST API requires it too); job code may omit it.
    api_extra={"status": nested("dcim.status")},
)
declare(
    LocationType,
    queryset=LocationType.objects.select_related("parent"),
    api_queryset=LocationType.objects.select_related("parent").prefetch_related("content_types"),
    menu="Organization",
    columns=("name", "parent", "nestable", "description"),
    detail=("name", "parent", "nestable", "description", Column("content_types.all", label="Holds")),
    related=(
        Related("Child types", "dcim.locationtype", "parent"),
        Related("Locations", "dcim.location", "location_type"),
    ),
    filters=("name", "nestable"),
    list_filters=("parent",),
    search_fields=("name", "description"),
    filterset_base=LocationTypeFilterSetBase,
    form_fields=("name", "parent", "nestable", "content_types", "description"),
    form_base=LocationTypeFormBase,
    api_fields=("name", "parent", "nestable", "content_types", "description"),
    brief_fields=("name",),
)
LOCATION_FIELDS = (
    "name",
    "location_type",
    "parent",
    "status",
    "tenant",
    "facility",
    "physical_address",
    "time_zone",
    "description",
)
declare(
    Location,
    queryset=Location.objects.select_related("location_type", "parent", "status", "tenant", "site", "region"),
    menu="Organization",
    columns=("name", "location_type", "parent", "status", "facility", "description"),
    # The site or region this location stands for, in the 1.x / NetBox view (dcim/locations.py).
    detail=(*LOCATION_FIELDS, "site", "region"),
    related=(
        Related("Child locations", "dcim.location", "parent"),
        Related("Devices", "dcim.device", "location"),
    ),
    filters=("name", "status", "facility", "tenant", "tenant_group=tenant__group"),
    list_filters=("location_type", "status"),
    search_fields=("name", "facility", "description"),
    filterset_base=LocationFilterSetBase,
    form_fields=LOCATION_FIELDS,
    api_fields=LOCATION_FIELDS,
    api_extra={"status": nested("dcim.status")},
    brief_fields=("name",),
)
declare(
    Status,
    api_queryset=Status.objects.prefetch_related("content_types"),
    menu="Organization",
    columns=("name", "slug", "color", "description"),
    detail=("name", "slug", "color", "description", Column("content_types.all", label="Applies to")),
    filters=("name", "slug", "color"),
    search_fields=NAMED,
    filterset_base=ContentTypesFilterSetBase,
    form_fields=("name", "slug", "color", "content_types", "description"),
    form_base=StatusFormBase,
    api_fields=("name", "slug", "color", "description", "content_types"),
    brief_fields=("name", "slug", "color"),
    nested_base=NestedStatusSerializerBase,
)
declare(
    Role,
    api_queryset=Role.objects.prefetch_related("content_types"),
    menu="Organization",
    columns=("name", "slug", "color", "weight", "description"),
    detail=(
        "name",
        "slug",
        "color",
        "weight",
        "description",
        Column("content_types.all", label="Applies to"),
    ),
    related=(Related("Devices", "dcim.device", "role"),),
    filters=("name", "slug", "color", "weight"),
    search_fields=NAMED,
    filterset_base=ContentTypesFilterSetBase,
    form_fields=("name", "slug", "color", "weight", "content_types", "description"),
    form_base=RoleFormBase,
    api_fields=("name", "slug", "color", "weight", "description", "content_types"),
    brief_fields=("name", "slug", "color"),
)

# --- Devices -----------------------------------------------------------------------------------------
declare(
    Device,
    queryset=Device.objects.select_related(
        "status",
        "site",
        "location",
        "role",
        "tenant",
        "device_type__manufacturer",
        "platform",
        "primary_ip4",
        "primary_ip6",
        "rack",
        "cluster",
    ),
    menu="Devices",
    columns=(
        "name",
        "status",
        "site",
        "role",
        "device_type",
        "device_type.manufacturer",
        "platform",
        Column("primary_ip", label="Primary IP", link=True, order_by=""),
        "serial",
    ),
    detail=(
        "name",
        "status",
        "site",
        "site.region",
        "location",
        "rack",
        "position",
        "face",
        "role",
        "tenant",
        "device_type",
        "device_type.manufacturer",
        "platform",
        "serial",
        "primary_ip4",
        "primary_ip6",
        "cluster",
        "description",
    ),
    related=[related_list(model, "device") for model in COMPONENT_MODELS],
    filters=(
        "name",
        "serial",
        "site",
        "region=site__region",
        "device_type",
        "manufacturer=device_type__manufacturer",
        "role",
        "platform",
        "status",
        "tenant",
        "tenant_group=tenant__group",
        "rack",
        "face",
        "cluster",
    ),
    list_filters=("site", "status", "role", "platform"),
    search_fields=("name", "serial", "description"),
    filterset_base=DeviceFilterSetBase,
    form_fields=(
        "name",
        "site",
        "location",
        "rack",
        "position",
        "face",
        "device_type",
        "role",
        "tenant",
        "platform",
        "status",
        "serial",
        "primary_ip4",
        "primary_ip6",
        "cluster",
        "description",
    ),
    form_base=DeviceFormBase,
    bulk_edit_fields=("device_type", "role", "tenant", "platform", "status", "cluster", "description"),
    api_fields=(
        "name",
        "site",
        "location",
        "rack",
        "position",
        "face",
        "device_type",
        "role",
        "tenant",
        "platform",
        "status",
        "serial",
        "primary_ip",
        "primary_ip4",
        "primary_ip6",
        "cluster",
        "description",
    ),
    api_extra={
        # Written and read as a device role (/api/dcim/device-roles/), the roles that apply to devices.
        "role": nested("dcim.devicerole"),
        "primary_ip": nested(
            "ipam.ipaddress", read_only=True, allow_null=True, help_text="IPv6 if set, else IPv4."
        ),
    },
)
declare(
    DeviceType,
    queryset=DeviceType.objects.select_related("manufacturer"),
    menu="Devices",
    columns=("model", "manufacturer", "slug", "part_number", "u_height", "description"),
    detail=(
        "model",
        "manufacturer",
        "slug",
        "part_number",
        "u_height",
        "is_full_depth",
        "subdevice_role",
        "description",
    ),
    related=(
        Related("Devices", "dcim.device", "device_type"),
        *(related_list(model, "device_type") for model in TEMPLATE_MODELS),
    ),
    filters=("model", "slug", "part_number", "manufacturer", "is_full_depth", "subdevice_role"),
    list_filters=("manufacturer",),
    search_fields=("model", "slug", "part_number", "description"),
    form_fields=(
        "manufacturer",
        "model",
        "slug",
        "part_number",
        "u_height",
        "is_full_depth",
        "subdevice_role",
        "description",
    ),
    api_fields=(
        "manufacturer",
        "model",
        "slug",
        "part_number",
        "u_height",
        "is_full_depth",
        "subdevice_role",
        "description",
    ),
    brief_fields=("manufacturer", "model", "slug"),
)
# The roles that apply to devices (Nautobot 1.x and NetBox): the same rows as Role, at their old paths.
declare(
    DeviceRole,
    menu="Devices",
    columns=("name", "slug", "color", "description"),
    related=(Related("Devices", "dcim.device", "role"),),
    filters=("name", "slug", "color"),
    search_fields=NAMED,
    form_fields=("name", "slug", "color", "description"),
    api_fields=("name", "slug", "color", "description"),
)
declare(
    Manufacturer,
    menu="Devices",
    columns=NAMED,
    related=(
        Related("Device types", "dcim.devicetype", "manufacturer"),
        Related("Platforms", "dcim.platform", "manufacturer"),
    ),
    filters=("name", "slug"),
    search_fields=NAMED,
    form_fields=NAMED,
    api_fields=NAMED,
)
declare(
    Platform,
    queryset=Platform.objects.select_related("manufacturer"),
    menu="Devices",
    columns=("name", "slug", "manufacturer", "description"),
    related=(Related("Devices", "dcim.device", "platform"),),
    filters=("name", "slug", "manufacturer"),
    list_filters=("manufacturer",),
    search_fields=NAMED,
    form_fields=("name", "slug", "manufacturer", "description"),
    api_fields=("name", "slug", "manufacturer", "description"),
)


# --- Bays, modules and inventory items -------------------------------------------------------------------
# What a module's brief form (on its components) reads.
MODULE = ("module__module_bay__device", "module__module_type")
BAY_FILTERS = ("name", "label", "device", "site=device__site")
BAY_SEARCH = ("name", "label", "description", "device__name")
declare(
    DeviceBay,
    queryset=DeviceBay.objects.select_related("device", "installed_device"),
    menu="Device components",
    columns=("name", "device", "label", "installed_device", "description"),
    filters=(*BAY_FILTERS, "installed_device"),
    list_filters=("device",),
    search_fields=BAY_SEARCH,
    form_fields=("device", "name", "label", "installed_device", "description"),
    api_fields=("device", "name", "label", "installed_device", "description"),
)
declare(
    ModuleBay,
    queryset=ModuleBay.objects.select_related("device"),
    menu="Device components",
    # The module in a bay points at the bay: it is listed (restricted to what the user may view) on the
    # bay's page, never named in a column, where a module the user may not view would show.
    columns=("name", "device", "label", "position", "description"),
    related=(Related("Installed module", "dcim.module", "module_bay"),),
    filters=(*BAY_FILTERS, "position"),
    list_filters=("device",),
    search_fields=BAY_SEARCH,
    form_fields=("device", "name", "label", "position", "description"),
    api_fields=("device", "name", "label", "position", "description"),
)
declare(
    ModuleType,
    queryset=ModuleType.objects.select_related("manufacturer"),
    menu="Devices",
    columns=("model", "manufacturer", "part_number", "description"),
    detail=("model", "manufacturer", "part_number", "description", "comments"),
    related=(Related("Modules", "dcim.module", "module_type"),),
    filters=("model", "part_number", "manufacturer"),
    list_filters=("manufacturer",),
    search_fields=("model", "part_number", "description"),
    form_fields=("manufacturer", "model", "part_number", "description", "comments"),
    api_fields=("manufacturer", "model", "part_number", "description", "comments"),
    brief_fields=("manufacturer", "model"),
)
MODULE_FIELDS = (
    "device",
    "module_bay",
    "module_type",
    "status",
    "serial",
    "asset_tag",
    "description",
    "comments",
)
declare(
    Module,
    queryset=Module.objects.select_related(
        "device", "module_bay__device", "module_type__manufacturer", "status"
    ),
    menu="Devices",
    columns=(
        Column("__str__", label="Module", link=True, order_by="module_bay__name"),
        "device",
        "module_bay",
        "module_type",
        "status",
        "serial",
        "asset_tag",
    ),
    detail=MODULE_FIELDS,
    related=[related_list(model, "module") for model in COMPONENT_MODELS[:7]],
    filters=(
        "device",
        "site=device__site",
        "module_bay",
        "module_type",
        "manufacturer=module_type__manufacturer",
        "status",
        "serial",
        "asset_tag",
    ),
    list_filters=("device", "module_type", "status"),
    search_fields=("serial", "asset_tag", "description", "device__name", "module_type__model"),
    form_fields=MODULE_FIELDS,
    api_fields=MODULE_FIELDS,
    # NetBox's API makes a module active when no status is given.
    api_extra={"status": nested("dcim.status", required=False)},
    brief_fields=("module_bay",),
)
INVENTORY_ITEM_FIELDS = (
    "device",
    "parent",
    "name",
    "label",
    "manufacturer",
    "part_id",
    "serial",
    "asset_tag",
    "discovered",
    "description",
)
declare(
    InventoryItem,
    queryset=InventoryItem.objects.select_related("device", "parent", "manufacturer"),
    menu="Device components",
    columns=("name", "device", "parent", "label", "manufacturer", "part_id", "serial", "discovered"),
    detail=INVENTORY_ITEM_FIELDS,
    related=(Related("Child items", "dcim.inventoryitem", "parent"),),
    filters=(
        *BAY_FILTERS,
        "parent",
        "manufacturer",
        "part_id",
        "serial",
        "asset_tag",
        "discovered",
    ),
    list_filters=("device", "manufacturer", "discovered"),
    search_fields=("name", "label", "part_id", "serial", "asset_tag", "description", "device__name"),
    form_fields=INVENTORY_ITEM_FIELDS,
    api_fields=INVENTORY_ITEM_FIELDS,
)


# --- Ports and cables --------------------------------------------------------------------------------
def declare_port(model, peer: str | None, *fields: str, select: tuple[str, ...] = ()) -> None:
    """A port model: its device, cable and far end; `fields` are the model's own (an interface's type...).
    `peer` is the kind of port at the far end of its cable (None: several kinds, not shown in the API);
    `select` the relations its own fields walk (a front port's rear port)."""
    connection = ("connected_endpoint", "connection_status") if peer else ()
    declare(
        model,
        queryset=model.objects.select_related("device", "cable", *select),
        api_queryset=model.objects.select_related("device", "cable", *MODULE, *select).prefetch_related(
            cable_end_prefetch("cable__termination_a"), cable_end_prefetch("cable__termination_b")
        ),
        menu="Connections",
        columns=("name", "device", "label", *fields, CABLE, "description"),
        detail=(
            "name",
            "device",
            "label",
            "description",
            CABLE,
            Column("connected_endpoint.display", label="Connected to", link=True),
            *fields,
        ),
        filters=("name", "label", "device", "site=device__site", "module", "cable", *fields),
        list_filters=("device", *fields[:1]),
        search_fields=("name", "label", "description", "device__name"),
        filterset_base=PortFilterSetBase,
        form_fields=("device", "module", "name", "label", *fields, "description"),
        api_fields=("device", "module", "name", "label", "description", *fields, "cable", *connection),
        api_extra={
            # Of the peer's kind, or (an interface's) a circuit termination or provider network.
            "connected_endpoint": CableEndField(allow_null=True),
            "connection_status": serializers.BooleanField(read_only=True, allow_null=True),
        }
        if peer
        else {},
    )


declare_port(Interface, "dcim.interface", "type", "enabled", "mgmt_only")
declare_port(ConsolePort, "dcim.consoleserverport")
declare_port(ConsoleServerPort, "dcim.consoleport")
declare_port(PowerPort, "dcim.poweroutlet")
declare_port(PowerOutlet, "dcim.powerport")
# Front and rear ports may be cabled to several kinds of port (the cable rules say which).
declare_port(RearPort, None, "type", "positions")
declare_port(FrontPort, None, "type", "rear_port", "rear_port_position", select=("rear_port__device",))


# --- Component templates (on device types; a new device gets their components: dcim/components.py) --------
def declare_template(model, *fields: str, select: tuple[str, ...] = ()) -> None:
    """A component template: its device type, name, label and description, and the component's own `fields`."""
    declare(
        model,
        queryset=model.objects.select_related("device_type__manufacturer", *select),
        columns=("name", "device_type", "label", *fields, "description"),
        filters=("name", "label", "device_type", *fields),
        list_filters=("device_type",),
        search_fields=("name", "label", "description"),
        form_fields=("device_type", "name", "label", *fields, "description"),
        api_fields=("device_type", "name", "label", *fields, "description"),
    )


declare_template(ConsolePortTemplate)
declare_template(ConsoleServerPortTemplate)
declare_template(PowerPortTemplate)
declare_template(PowerOutletTemplate)
declare_template(InterfaceTemplate, "type", "enabled", "mgmt_only")
declare_template(RearPortTemplate, "type", "positions")
declare_template(
    FrontPortTemplate, "type", "rear_port", "rear_port_position", select=("rear_port__device_type",)
)
declare_template(DeviceBayTemplate)
declare_template(ModuleBayTemplate, "position")

declare(
    Cable,
    queryset=Cable.objects.select_related("tenant").prefetch_related(
        cable_end_prefetch("termination_a"), cable_end_prefetch("termination_b")
    ),
    api_queryset=Cable.objects.select_related(
        "termination_a_type", "termination_b_type", "tenant"
    ).prefetch_related(cable_end_prefetch("termination_a"), cable_end_prefetch("termination_b")),
    menu="Connections",
    columns=(
        Column("__str__", label="Cable", link=True, order_by="label"),
        Column("termination_a.device", label="Device A", link=True, order_by=""),
        Column("termination_a", label="Port A", link=True, order_by=""),
        Column("termination_b.device", label="Device B", link=True, order_by=""),
        Column("termination_b", label="Port B", link=True, order_by=""),
        "status",
        "type",
        "tenant",
        "color",
    ),
    detail=(
        Column("termination_a.device", label="Device A", link=True),
        Column("termination_a", label="Port A", link=True),
        Column("termination_b.device", label="Device B", link=True),
        Column("termination_b", label="Port B", link=True),
        "status",
        "type",
        "tenant",
        "color",
        "label",
        "length",
        "length_unit",
        "description",
    ),
    filters=("label", "status", "type", "color", "tenant", "length", "length_unit"),
    list_filters=("status", "type", "tenant"),
    search_fields=("label", "description"),
    filterset_base=CableFilterSetBase,
    form_fields=(
        "termination_a_type",
        "termination_a_id",
        "termination_b_type",
        "termination_b_id",
        "status",
        "type",
        "tenant",
        "label",
        "color",
        "length",
        "length_unit",
        "description",
    ),
    form_base=CableFormBase,
    api_fields=(
        "termination_a_type",
        "termination_a_id",
        "termination_a",
        "termination_b_type",
        "termination_b_id",
        "termination_b",
        "status",
        "type",
        "tenant",
        "label",
        "color",
        "length",
        "length_unit",
        "description",
    ),
    serializer_base=CableSerializerBase,
    brief_fields=("label",),
)

# Site groups, racks and power: dcim/rack_declarations.py.
from dcim import rack_declarations  # noqa: E402, F401
