"""Filters for the port models and cables."""

from __future__ import annotations

import django_filters
from django.apps import apps
from django.db.models import Q

from dcim.choices import CableStatusChoices, InterfaceTypeChoices
from dcim.filters.base import BaseFilterSet, MultiValueCharFilter, RelatedIdFilter, RelatedSlugFilter
from dcim.models import (
    Cable,
    ConsolePort,
    ConsoleServerPort,
    Device,
    Interface,
    PowerOutlet,
    PowerPort,
    Site,
)
from dcim.models.cables import PORT_MODEL_NAMES


class PortFilterSet(BaseFilterSet):
    """What every port model filters on: its device (and the device's site), name, and whether it is cabled."""

    search_fields = ("name", "label", "description", "device__name")

    name = MultiValueCharFilter()
    label = MultiValueCharFilter()
    device_id = RelatedIdFilter(Device, "device")
    device = MultiValueCharFilter(field_name="device__name", label="Device (name)")
    site_id = RelatedIdFilter(Site, "device__site")
    site = RelatedSlugFilter(Site, "device__site")
    cabled = django_filters.BooleanFilter(field_name="cable", lookup_expr="isnull", exclude=True)
    cable_id = RelatedIdFilter(Cable, "cable")


class InterfaceFilterSet(PortFilterSet):
    type = django_filters.MultipleChoiceFilter(choices=InterfaceTypeChoices.as_choices(), distinct=False)
    enabled = django_filters.BooleanFilter()
    mgmt_only = django_filters.BooleanFilter()

    class Meta:
        model = Interface
        fields = []


class ConsolePortFilterSet(PortFilterSet):
    class Meta:
        model = ConsolePort
        fields = []


class ConsoleServerPortFilterSet(PortFilterSet):
    class Meta:
        model = ConsoleServerPort
        fields = []


class PowerPortFilterSet(PortFilterSet):
    class Meta:
        model = PowerPort
        fields = []


class PowerOutletFilterSet(PortFilterSet):
    class Meta:
        model = PowerOutlet
        fields = []


class CableFilterSet(BaseFilterSet):
    search_fields = ("label",)

    label = MultiValueCharFilter()
    status = django_filters.MultipleChoiceFilter(choices=CableStatusChoices.as_choices(), distinct=False)
    color = MultiValueCharFilter()
    device_id = RelatedIdFilter(Device, "pk", method="filter_device", label="Device (id) at either end")
    device = MultiValueCharFilter(method="filter_device_name", label="Device (name) at either end")
    site_id = RelatedIdFilter(Site, "pk", method="filter_site", label="Site (id) of a device at either end")
    site = RelatedSlugFilter(Site, "pk", method="filter_site", label="Site (slug) of a device at either end")

    class Meta:
        model = Cable
        fields = []

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
            model = apps.get_model("dcim", model_name)
            matches |= Q(pk__in=model.objects.filter(port_query, cable__isnull=False).values("cable"))
        return queryset.filter(matches)
