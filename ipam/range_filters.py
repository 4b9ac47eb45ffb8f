"""Filters of aggregates, IP ranges and services that no declared name gives: containment, addresses as text,
a port number. The declarations (ipam/declarations/ranges.py) build on these bases."""

from __future__ import annotations

import netaddr
from django.db.models import Q

from core.filters import BaseFilterSet, MultiValueIntegerFilter, RelatedIdFilter
from ipam.addressing import network_bounds, parse_network
from ipam.filters import NetworkFilter, NetworkListFilter, NetworkSearchFilterSet, PrefixFilterSetBase
from ipam.models import IPAddress


class AggregateFilterSetBase(PrefixFilterSetBase):
    """The prefix filters (`prefix`, `within`, `within_include`, `contains`) over aggregates."""


class IPRangeFilterSetBase(NetworkSearchFilterSet):
    start_address = NetworkListFilter(method="filter_start", label="Start address (with or without a mask)")
    end_address = NetworkListFilter(method="filter_end", label="End address (with or without a mask)")
    contains = NetworkFilter(method="filter_contains", label="Contains this address")
    parent = NetworkFilter(method="filter_parent", label="Inside this network")
    size = MultiValueIntegerFilter(method="filter_size", label="Size (addresses)")

    def network_match(self, first: netaddr.IPAddress, last: netaddr.IPAddress) -> Q:
        """The ranges sharing an address with the address or network searched for."""
        return Q(start_host__lte=last, end_host__gte=first)

    def _filter_end(self, queryset, column: str, value):
        if not value:
            return queryset
        query = Q()
        for text in value:
            address = parse_network(text)
            mask = {"mask_length": address.prefixlen} if "/" in text else {}
            query |= Q(**{column: address.ip}, **mask)
        return queryset.filter(query)

    def filter_start(self, queryset, name, value):
        return self._filter_end(queryset, "start_host", value)

    def filter_end(self, queryset, name, value):
        return self._filter_end(queryset, "end_host", value)

    def filter_contains(self, queryset, name, value):
        if not value:
            return queryset
        first, last = network_bounds(value)
        return queryset.filter(start_host__lte=first, end_host__gte=last)

    def filter_parent(self, queryset, name, value):
        if not value:
            return queryset
        first, last = network_bounds(value)
        return queryset.filter(start_host__gte=first, end_host__lte=last)

    def filter_size(self, queryset, name, value):
        if not value:
            return queryset
        # Few ranges exist; the size is computed, so it is matched in Python over the filtered rows.
        wanted = set(value)
        return queryset.filter(
            pk__in=[r.pk for r in queryset.only("start_host", "end_host") if r.size in wanted]
        )


class ServiceFilterSetBase(BaseFilterSet):
    port = MultiValueIntegerFilter(method="filter_port", label="Port (any of the service's ports)")
    ipaddress_id = RelatedIdFilter(IPAddress, "ipaddresses", label="IP address (id)")
    ip_addresses = RelatedIdFilter(IPAddress, "ipaddresses", label="IP address (id; Nautobot 2.x's name)")
    ipaddress = NetworkListFilter(method="filter_ipaddress", label="IP address (with or without a mask)")

    def filter_port(self, queryset, name, value):
        if not value:
            return queryset
        query = Q(pk__in=[])  # a port no service can have (outside 1-65535) matches nothing
        for port in value:
            if 1 <= port <= 65535:
                query |= Q(ports__contains=[port])
        return queryset.filter(query)

    def filter_ipaddress(self, queryset, name, value):
        if not value:
            return queryset
        query = Q()
        for text in value:
            address = parse_network(text)
            mask = {"ipaddresses__mask_length": address.prefixlen} if "/" in text else {}
            query |= Q(ipaddresses__host=address.ip, **mask)
        return queryset.filter(query).distinct()
