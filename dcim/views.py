"""The inventory's UI: one route bundle per model (queryset, table, form, filters, detail layout).

Each queryset carries the select_related/prefetch its table walks, so list pages cost the same
number of queries for 5 rows or 500.
"""

from __future__ import annotations

from django.contrib.contenttypes.prefetch import GenericPrefetch

from core.routing import ObjectRoutes
from core.tables import Column
from core.views import RelatedList
from dcim import filters, forms, tables
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

BADGE = tables.BADGE

devices = Device.objects.select_related(
    "status", "site", "role", "device_type__manufacturer", "platform", "primary_ip4", "primary_ip6"
)
sites = Site.objects.select_related("status", "region")
prefixes = Prefix.objects.select_related("status", "site")
ip_addresses = IPAddress.objects.select_related("status", "assigned_interface__device")
PORT_MODELS = (Interface, ConsolePort, ConsoleServerPort, PowerPort, PowerOutlet)


def _ports(model):
    return model.objects.select_related("device", "cable")


def _device_related(title: str, queryset, table) -> RelatedList:
    return RelatedList(title, queryset, "device", table, filter_param="device_id")


cables = Cable.objects.prefetch_related(
    *(
        GenericPrefetch(end, [model.objects.select_related("device") for model in PORT_MODELS])
        for end in ("termination_a", "termination_b")
    )
)

PORT_DETAIL = (
    Column("name"),
    Column("device", link=True),
    Column("label"),
    Column("description"),
    Column("cable", template=tables.CABLE),
    Column("connected_endpoint.display", label="Connected to", link=True),
)

ROUTES = (
    ObjectRoutes(
        Region.objects.select_related("parent"),
        "regions",
        tables.RegionTable,
        forms.RegionForm,
        filters.RegionFilterSet,
        filter_fields=("q", "parent"),
        related=(
            RelatedList(
                "Child regions",
                Region.objects.select_related("parent"),
                "parent",
                tables.RegionTable,
                "parent_id",
            ),
            RelatedList("Sites", sites, "region", tables.SiteTable, "region_id"),
        ),
    ),
    ObjectRoutes(
        sites,
        "sites",
        tables.SiteTable,
        forms.SiteForm,
        filters.SiteFilterSet,
        filter_fields=("q", "status", "region"),
        related=(
            RelatedList("Devices", devices, "site", tables.DeviceTable, "site_id"),
            RelatedList("Prefixes", prefixes, "site", tables.PrefixTable, "site_id"),
        ),
    ),
    ObjectRoutes(
        Status.objects.all(),
        "statuses",
        tables.StatusTable,
        forms.StatusForm,
        filters.StatusFilterSet,
        detail_fields=(*tables.StatusTable.columns, Column("content_types.all", label="Applies to")),
    ),
    ObjectRoutes(
        Manufacturer.objects.all(),
        "manufacturers",
        tables.ManufacturerTable,
        forms.ManufacturerForm,
        filters.ManufacturerFilterSet,
        related=(
            RelatedList(
                "Device types",
                DeviceType.objects.select_related("manufacturer"),
                "manufacturer",
                tables.DeviceTypeTable,
                "manufacturer_id",
            ),
            RelatedList(
                "Platforms",
                Platform.objects.select_related("manufacturer"),
                "manufacturer",
                tables.PlatformTable,
                "manufacturer_id",
            ),
        ),
    ),
    ObjectRoutes(
        DeviceType.objects.select_related("manufacturer"),
        "device-types",
        tables.DeviceTypeTable,
        forms.DeviceTypeForm,
        filters.DeviceTypeFilterSet,
        filter_fields=("q", "manufacturer"),
        related=(RelatedList("Devices", devices, "device_type", tables.DeviceTable, "device_type_id"),),
    ),
    ObjectRoutes(
        DeviceRole.objects.all(),
        "device-roles",
        tables.DeviceRoleTable,
        forms.DeviceRoleForm,
        filters.DeviceRoleFilterSet,
        related=(RelatedList("Devices", devices, "role", tables.DeviceTable, "role_id"),),
    ),
    ObjectRoutes(
        Platform.objects.select_related("manufacturer"),
        "platforms",
        tables.PlatformTable,
        forms.PlatformForm,
        filters.PlatformFilterSet,
        filter_fields=("q", "manufacturer"),
        related=(RelatedList("Devices", devices, "platform", tables.DeviceTable, "platform_id"),),
    ),
    ObjectRoutes(
        devices,
        "devices",
        tables.DeviceTable,
        forms.DeviceForm,
        filters.DeviceFilterSet,
        filter_fields=("q", "site", "status", "role", "platform"),
        detail_fields=(
            Column("name"),
            Column("status", link=True, template=BADGE),
            Column("site", link=True),
            Column("site.region", label="Region", link=True),
            Column("role", link=True, template=BADGE),
            Column("device_type", label="Type", link=True),
            Column("device_type.manufacturer", label="Manufacturer", link=True),
            Column("platform", link=True),
            Column("serial", label="Serial number"),
            Column("primary_ip4", label="Primary IPv4", link=True),
            Column("primary_ip6", label="Primary IPv6", link=True),
            Column("description"),
        ),
        related=(
            _device_related("Interfaces", _ports(Interface), tables.InterfaceTable),
            _device_related("Console ports", _ports(ConsolePort), tables.ConsolePortTable),
            _device_related("Console server ports", _ports(ConsoleServerPort), tables.ConsoleServerPortTable),
            _device_related("Power ports", _ports(PowerPort), tables.PowerPortTable),
            _device_related("Power outlets", _ports(PowerOutlet), tables.PowerOutletTable),
            RelatedList(
                "IP addresses", ip_addresses, "assigned_interface__device", tables.IPAddressTable, "device_id"
            ),
        ),
    ),
    ObjectRoutes(
        _ports(Interface),
        "interfaces",
        tables.InterfaceTable,
        forms.InterfaceForm,
        filters.InterfaceFilterSet,
        filter_fields=("q", "device", "type"),
        detail_fields=(
            *PORT_DETAIL,
            Column("type"),
            Column("enabled"),
            Column("mgmt_only", label="Management only"),
        ),
        related=(
            RelatedList(
                "IP addresses",
                ip_addresses,
                "assigned_interface",
                tables.IPAddressTable,
                "assigned_interface_id",
            ),
        ),
    ),
    ObjectRoutes(
        _ports(ConsolePort),
        "console-ports",
        tables.ConsolePortTable,
        forms.ConsolePortForm,
        filters.ConsolePortFilterSet,
        filter_fields=("q", "device"),
        detail_fields=PORT_DETAIL,
    ),
    ObjectRoutes(
        _ports(ConsoleServerPort),
        "console-server-ports",
        tables.ConsoleServerPortTable,
        forms.ConsoleServerPortForm,
        filters.ConsoleServerPortFilterSet,
        filter_fields=("q", "device"),
        detail_fields=PORT_DETAIL,
    ),
    ObjectRoutes(
        _ports(PowerPort),
        "power-ports",
        tables.PowerPortTable,
        forms.PowerPortForm,
        filters.PowerPortFilterSet,
        filter_fields=("q", "device"),
        detail_fields=PORT_DETAIL,
    ),
    ObjectRoutes(
        _ports(PowerOutlet),
        "power-outlets",
        tables.PowerOutletTable,
        forms.PowerOutletForm,
        filters.PowerOutletFilterSet,
        filter_fields=("q", "device"),
        detail_fields=PORT_DETAIL,
    ),
    ObjectRoutes(
        cables,
        "cables",
        tables.CableTable,
        forms.CableForm,
        filters.CableFilterSet,
        filter_fields=("q", "status"),
        detail_fields=(*tables.CableTable.columns[1:], Column("label")),
    ),
    ObjectRoutes(
        prefixes,
        "prefixes",
        tables.PrefixTable,
        forms.PrefixForm,
        filters.PrefixFilterSet,
        filter_fields=("q", "status", "site"),
        related=(
            RelatedList(
                "Child prefixes",
                prefixes,
                lambda prefix: {
                    "network__gte": prefix.network,
                    "broadcast__lte": prefix.broadcast,
                    "prefix_length__gt": prefix.prefix_length,
                },
                tables.PrefixTable,
                "within",
                filter_value=lambda prefix: prefix.prefix,
            ),
            RelatedList(
                "IP addresses",
                ip_addresses,
                lambda prefix: {"host__gte": prefix.network, "host__lte": prefix.broadcast},
                tables.IPAddressTable,
                "parent",
                filter_value=lambda prefix: prefix.prefix,
            ),
        ),
        detail_fields=(
            Column("prefix"),
            Column("ip_version", label="IP version"),
            Column("status", link=True, template=BADGE),
            Column("site", link=True),
            Column("get_parent", label="Parent prefix", link=True),
            Column("description"),
        ),
    ),
    ObjectRoutes(
        ip_addresses,
        "ip-addresses",
        tables.IPAddressTable,
        forms.IPAddressForm,
        filters.IPAddressFilterSet,
        filter_fields=("q", "status"),
        detail_fields=(
            Column("address"),
            Column("ip_version", label="IP version"),
            Column("status", link=True, template=BADGE),
            Column("dns_name", label="DNS name"),
            Column("assigned_interface.device", label="Device", link=True),
            Column("assigned_interface", label="Interface", link=True),
            Column("parent", label="Parent prefix", link=True),
            Column("description"),
        ),
    ),
)
