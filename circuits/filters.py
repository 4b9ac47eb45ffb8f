"""Filters of circuits that no declared name gives: circuits by where their terminations are (a circuit has
two, so these match through a subquery and never list a circuit twice)."""

from __future__ import annotations

from django.db.models import Q

from circuits.models import CircuitTermination, ProviderNetwork
from core.filters import BaseFilterSet, RelatedIdFilter, RelatedKeyFilter, RelatedSlugFilter
from dcim.models import Location, Site


class CircuitFilterSetBase(BaseFilterSet):
    site_id = RelatedIdFilter(Site, "pk", method="filter_terminations", label="Site (id) of a termination")
    site = RelatedSlugFilter(Site, "pk", method="filter_terminations", label="Site (slug) of a termination")
    # Nautobot 2.x: by a location's id or name, with the locations below it.
    location = RelatedKeyFilter(
        Location, "pk", method="filter_location", label="Location (id or name) of a termination, or below it"
    )
    provider_network_id = RelatedIdFilter(
        ProviderNetwork, "pk", method="filter_terminations", label="Provider network (id) of a termination"
    )

    def filter_location(self, queryset, name, value):
        if not value:
            return queryset
        below = Location.descendant_ids([location.pk for location in value])
        return self._with_terminations(queryset, Q(location__in=below))

    def filter_terminations(self, queryset, name, value):
        if not value:
            return queryset
        field = {"site_id": "site", "provider_network_id": "provider_network"}.get(name, name)
        return self._with_terminations(queryset, Q(**{f"{field}__in": value}))

    @staticmethod
    def _with_terminations(queryset, query: Q):
        return queryset.filter(pk__in=CircuitTermination.objects.filter(query).values("circuit"))
