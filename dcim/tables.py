"""Table columns of the inventory list pages; the matching select_related lists live in dcim/views.py."""

from __future__ import annotations

from core.tables import Column, Table

BADGE = "inc/cells/color_badge.html"
SWATCH = "inc/cells/color_swatch.html"
CABLE = "dcim/cells/cable.html"


def _name(label: str | None = None) -> Column:
    return Column("name", label=label, link=True)


class RegionTable(Table):
    columns = (_name(), Column("slug"), Column("parent", link=True), Column("description", order_by=""))


class SiteTable(Table):
    columns = (
        _name(),
        Column("status", link=True, template=BADGE, order_by="status__name"),
        Column("region", link=True, order_by="region__name"),
        Column("facility"),
        Column("description", order_by=""),
    )


class StatusTable(Table):
    columns = (
        Column("name", link=True),
        Column("slug"),
        Column("color", label="Colour", template=SWATCH),
        Column("description", order_by=""),
    )


class ManufacturerTable(Table):
    columns = (_name(), Column("slug"), Column("description", order_by=""))


class DeviceTypeTable(Table):
    columns = (
        Column("model", link=True),
        Column("manufacturer", link=True, order_by="manufacturer__name"),
        Column("slug"),
        Column("part_number"),
        Column("description", order_by=""),
    )


class DeviceRoleTable(Table):
    columns = (
        _name(),
        Column("slug"),
        Column("color", label="Colour", template=SWATCH),
        Column("description", order_by=""),
    )


class PlatformTable(Table):
    columns = (
        _name(),
        Column("slug"),
        Column("manufacturer", link=True, order_by="manufacturer__name"),
        Column("description", order_by=""),
    )


class DeviceTable(Table):
    columns = (
        _name(),
        Column("status", link=True, template=BADGE, order_by="status__name"),
        Column("site", link=True, order_by="site__name"),
        Column("role", link=True, template=BADGE, order_by="role__name"),
        Column("device_type", label="Type", link=True, order_by="device_type__model"),
        Column(
            "device_type.manufacturer",
            label="Manufacturer",
            link=True,
            order_by="device_type__manufacturer__name",
        ),
        Column("platform", link=True, order_by="platform__name"),
        Column("primary_ip", label="Primary IP", link=True, order_by=""),
        Column("serial", label="Serial number"),
    )


def _port_columns(*extra: Column) -> tuple[Column, ...]:
    return (
        _name(),
        Column("device", link=True, order_by="device__name"),
        Column("label"),
        *extra,
        Column("cable", template=CABLE, order_by=""),
        Column("description", order_by=""),
    )


class InterfaceTable(Table):
    columns = _port_columns(Column("type"), Column("enabled"), Column("mgmt_only", label="Management only"))


class ConsolePortTable(Table):
    columns = _port_columns()


class ConsoleServerPortTable(Table):
    columns = _port_columns()


class PowerPortTable(Table):
    columns = _port_columns()


class PowerOutletTable(Table):
    columns = _port_columns()


class CableTable(Table):
    columns = (
        Column("__str__", label="Cable", link=True, order_by="label"),
        Column("termination_a.device", label="Device A", link=True, order_by=""),
        Column("termination_a", label="Port A", link=True, order_by=""),
        Column("termination_b.device", label="Device B", link=True, order_by=""),
        Column("termination_b", label="Port B", link=True, order_by=""),
        Column("status"),
        Column("color", label="Colour", template=SWATCH),
    )


class PrefixTable(Table):
    columns = (
        Column("prefix", link=True, order_by="network"),
        Column("status", link=True, template=BADGE, order_by="status__name"),
        Column("site", link=True, order_by="site__name"),
        Column("description", order_by=""),
    )


class IPAddressTable(Table):
    columns = (
        Column("address", label="Address", link=True, order_by="host"),
        Column("status", link=True, template=BADGE, order_by="status__name"),
        Column("dns_name", label="DNS name"),
        Column(
            "assigned_interface.device",
            label="Device",
            link=True,
            order_by="assigned_interface__device__name",
        ),
        Column("assigned_interface", label="Interface", link=True, order_by="assigned_interface__name"),
        Column("description", order_by=""),
    )
