"""Filters for manufacturers, device types, roles, platforms and devices."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from dcim.filters.base import (
    BaseFilterSet,
    MultiValueCharFilter,
    NamedFilterSet,
    RelatedIdFilter,
    RelatedSlugFilter,
)
from dcim.filters.organization import RegionTreeFilter, RegionTreeSlugFilter, status_filters
from dcim.models import Device, DeviceRole, DeviceType, Manufacturer, Platform, Region, Site


class ManufacturerFilterSet(NamedFilterSet):
    class Meta:
        model = Manufacturer
        fields = []


class DeviceTypeFilterSet(BaseFilterSet):
    search_fields = ("model", "slug", "part_number", "description")

    model = MultiValueCharFilter()
    slug = MultiValueCharFilter()
    part_number = MultiValueCharFilter()
    manufacturer_id = RelatedIdFilter(Manufacturer, "manufacturer")
    manufacturer = RelatedSlugFilter(Manufacturer, "manufacturer")

    class Meta:
        model = DeviceType
        fields = []


class DeviceRoleFilterSet(NamedFilterSet):
    class Meta:
        model = DeviceRole
        fields = ["color"]


class PlatformFilterSet(NamedFilterSet):
    manufacturer_id = RelatedIdFilter(Manufacturer, "manufacturer")
    manufacturer = RelatedSlugFilter(Manufacturer, "manufacturer")

    class Meta:
        model = Platform
        fields = []


class DeviceFilterSet(BaseFilterSet):
    search_fields = ("name", "serial", "description")

    name = MultiValueCharFilter()
    serial = MultiValueCharFilter()
    site_id = RelatedIdFilter(Site, "site")
    site = RelatedSlugFilter(Site, "site")
    region_id = RegionTreeFilter(
        Region, "site__region", label="Region (id) of the site, including sub-regions"
    )
    region = RegionTreeSlugFilter(
        Region, "site__region", label="Region (slug) of the site, including sub-regions"
    )
    device_type_id = RelatedIdFilter(DeviceType, "device_type")
    device_type = RelatedSlugFilter(DeviceType, "device_type")
    manufacturer_id = RelatedIdFilter(Manufacturer, "device_type__manufacturer")
    manufacturer = RelatedSlugFilter(Manufacturer, "device_type__manufacturer")
    role_id = RelatedIdFilter(DeviceRole, "role")
    role = RelatedSlugFilter(DeviceRole, "role")
    platform_id = RelatedIdFilter(Platform, "platform")
    platform = RelatedSlugFilter(Platform, "platform")
    status, status_id = status_filters()
    has_primary_ip = django_filters.BooleanFilter(method="filter_has_primary_ip", label="Has a primary IP")

    class Meta:
        model = Device
        fields = []

    def filter_has_primary_ip(self, queryset, name, value):
        has_ip = Q(primary_ip4__isnull=False) | Q(primary_ip6__isnull=False)
        return queryset.filter(has_ip if value else ~has_ip)
