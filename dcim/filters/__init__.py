"""django-filter filtersets of the inventory, one `<Model>FilterSet` per model; import them from here."""

from dcim.filters.base import BaseFilterSet, NamedFilterSet
from dcim.filters.devices import (
    DeviceFilterSet,
    DeviceRoleFilterSet,
    DeviceTypeFilterSet,
    ManufacturerFilterSet,
    PlatformFilterSet,
)
from dcim.filters.ipam import IPAddressFilterSet, PrefixFilterSet
from dcim.filters.organization import RegionFilterSet, SiteFilterSet, StatusFilterSet
from dcim.filters.ports import (
    CableFilterSet,
    ConsolePortFilterSet,
    ConsoleServerPortFilterSet,
    InterfaceFilterSet,
    PowerOutletFilterSet,
    PowerPortFilterSet,
)

__all__ = [
    "BaseFilterSet",
    "CableFilterSet",
    "ConsolePortFilterSet",
    "ConsoleServerPortFilterSet",
    "DeviceFilterSet",
    "DeviceRoleFilterSet",
    "DeviceTypeFilterSet",
    "IPAddressFilterSet",
    "InterfaceFilterSet",
    "ManufacturerFilterSet",
    "NamedFilterSet",
    "PlatformFilterSet",
    "PowerOutletFilterSet",
    "PowerPortFilterSet",
    "PrefixFilterSet",
    "RegionFilterSet",
    "SiteFilterSet",
    "StatusFilterSet",
]
