"""Filters of the inventory that no declared name gives (dcim/declarations.py builds on these bases):
statuses, roles and location types by model, locations by type and parent (id or name), regions with or
without a parent, devices by role (id, name or slug), location (id or name) and primary address, cabled
ports, cables by the devices and sites at their ends."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from core.filters import (
    BaseFilterSet,
    MultiValueCharFilter,
    MultiValueIntegerFilter,
    MultiValueUUIDFilter,
    RelatedIdFilter,
    RelatedKeyFilter,
    RelatedSlugFilter,
    TreeIdFilter,
    TreeKeyFilter,
)
from dcim.models import Device, DeviceRole, Location, LocationType, Site
from dcim.models.cables import PORT_MODEL_NAMES, end_model


class ContentTypesFilterSetBase(BaseFilterSet):
    """`content_types=dcim.device`: the statuses, roles or location types that apply to a model."""

    content_types = MultiValueCharFilter(
        method="filter_content_types", label="Applies to model (app_label.model, e.g. dcim.device)"
    )

    def filter_content_types(self, queryset, name, value):
        query = Q()
        for label in value:
            app_label, _, model = label.lower().partition(".")
            query |= Q(content_types__app_label=app_label, content_types__model=model)
        return queryset.filter(query).distinct() if value else queryset


StatusFilterSetBase = ContentTypesFilterSetBase


class LocationTypeFilterSetBase(ContentTypesFilterSetBase):
    parent = RelatedKeyFilter(LocationType, "parent", label="Parent type (id or name)")


class LocationFilterSetBase(BaseFilterSet):
    # Nautobot 2.x's filters: by id or name, and the locations whose type holds a model.
    location_type = RelatedKeyFilter(LocationType, "location_type", label="Location type (id or name)")
    parent = RelatedKeyFilter(Location, "parent", label="Parent location (id or name)")
    content_type = MultiValueCharFilter(
        method="filter_content_type", label="Holds model (app_label.model, e.g. dcim.device)"
    )

    def filter_content_type(self, queryset, name, value):
        query = Q()
        for label in value:
            app_label, _, model = label.lower().partition(".")
            query |= Q(
                location_type__content_types__app_label=app_label, location_type__content_types__model=model
            )
        return queryset.filter(query).distinct() if value else queryset


class RegionFilterSetBase(BaseFilterSet):
    has_parent = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", exclude=True)


class DeviceFilterSetBase(BaseFilterSet):
    # Nautobot 2.x filters by a role's id or name; NetBox and Nautobot 1.x by its slug: each works.
    role_id = RelatedIdFilter(DeviceRole, "role", label="Role (id)")
    role = RelatedKeyFilter(DeviceRole, "role", label="Role (id, name or slug)")
    location_id = TreeIdFilter(Location, "location", label="Location (id), including those below it")
    location = TreeKeyFilter(Location, "location", label="Location (id or name), including those below it")
    has_primary_ip = django_filters.BooleanFilter(method="filter_has_primary_ip", label="Has a primary IP")

    def filter_has_primary_ip(self, queryset, name, value):
        has_ip = Q(primary_ip4__isnull=False) | Q(primary_ip6__isnull=False)
        return queryset.filter(has_ip if value else ~has_ip)


class PortFilterSetBase(BaseFilterSet):
    cabled = django_filters.BooleanFilter(field_name="cable", lookup_expr="isnull", exclude=True)


class SwitchportFilterSet(BaseFilterSet):
    """Interfaces (a device's or a VM's) carrying a VLAN, untagged or tagged: `vlan_id=<id>`, `vlan=<VLAN ID>`."""

    vlan_id = MultiValueUUIDFilter(method="filter_vlan", label="VLAN (id), untagged or tagged")
    vlan = MultiValueIntegerFilter(method="filter_vlan_vid", label="VLAN ID (1-4094), untagged or tagged")

    def filter_vlan(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(untagged_vlan__in=value) | Q(tagged_vlans__in=value)).distinct()

    def filter_vlan_vid(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(untagged_vlan__vid__in=value) | Q(tagged_vlans__vid__in=value)).distinct()


class InterfaceFilterSetBase(SwitchportFilterSet, PortFilterSetBase):
    pass


class CableFilterSetBase(BaseFilterSet):
    device_id = RelatedIdFilter(Device, "pk", method="filter_device", label="Device (id) at either end")
    device = MultiValueCharFilter(method="filter_device_name", label="Device (name) at either end")
    site_id = RelatedIdFilter(Site, "pk", method="filter_site", label="Site (id) of a device at either end")
    site = RelatedSlugFilter(Site, "pk", method="filter_site", label="Site (slug) of a device at either end")

    def filter_device(self, queryset, name, value):
        return self._cables_on(queryset, value and Q(device__in=value))

    def filter_device_name(self, queryset, name, value):
        return self._cables_on(queryset, value and Q(device__name__in=value))

    def filter_site(self, queryset, name, value):
        return self._cables_on(queryset, value and Q(device__site__in=value))

    @staticmethod
    def _cables_on(queryset, port_query: Q | None):
        """Cables with an end on a port matching `port_query` (the ports' `cable` FK makes this one subquery each)."""
        if not port_query:
            return queryset
        matches = Q()
        for model_name in PORT_MODEL_NAMES:
            model = end_model(model_name)
            if not any(field.name == "device" for field in model._meta.fields):
                continue  # not on a device (a power feed, a circuit termination)
            matches |= Q(pk__in=model.objects.filter(port_query, cable__isnull=False).values("cable"))
        return queryset.filter(matches)
