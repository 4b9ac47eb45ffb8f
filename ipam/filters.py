"""Filters of prefixes and IP addresses that no declared name gives: containment, addresses as text, a `q`
that understands addresses. The declarations (ipam/declarations/) build on these bases."""

from __future__ import annotations

import django_filters
import netaddr
from django import forms
from django.db.models import Q

from core.filters import BaseFilterSet, MultiValueCharFilter, MultiValueField, RelatedIdFilter
from dcim.models import Device
from ipam.addressing import network_bounds, parse_network
from ipam.vrf_filters import PresentInVRFFilterMixin


class NetworkFormField(forms.CharField):
    """An IPv4/IPv6 network or address as text, cleaned to a netaddr.IPNetwork (bad input is a 400)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_network(value)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.error_list, code="invalid") from None


class NetworkFilter(django_filters.CharFilter):
    """A filter whose `method` receives the parsed network."""

    field_class = NetworkFormField


class NetworkListField(MultiValueField):
    """Repeatable networks/addresses: each checked to parse, and passed on as the text given."""

    def to_python(self, value) -> list[str]:
        values = [item.strip() for item in super().to_python(value)]
        try:
            for item in values:
                parse_network(item)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.error_list, code="invalid") from None
        return values


class NetworkListFilter(MultiValueCharFilter):
    field_class = NetworkListField


def _parse_quietly(value: str) -> netaddr.IPNetwork | None:
    try:
        return parse_network(value)
    except forms.ValidationError:
        return None


class NetworkSearchFilterSet(BaseFilterSet):
    """`q` matches the search fields' text, and a value that reads as an address or network also matches by
    address (`network_match`)."""

    def search_query(self, value: str) -> Q:
        query = super().search_query(value)
        network = _parse_quietly(value)
        if network is not None:
            query |= self.network_match(*network_bounds(network))
        return query

    def network_match(self, first: netaddr.IPAddress, last: netaddr.IPAddress) -> Q:
        raise NotImplementedError


class PrefixFilterSetBase(PresentInVRFFilterMixin, NetworkSearchFilterSet):
    prefix = NetworkListFilter(method="filter_prefix", label="Prefix (exact, e.g. 10.0.0.0/24)")
    within = NetworkFilter(method="filter_within", label="Inside this network (itself excluded)")
    within_include = NetworkFilter(method="filter_within_include", label="Inside this network or equal to it")
    contains = NetworkFilter(method="filter_contains", label="Contains this address or network")

    def network_match(self, first: netaddr.IPAddress, last: netaddr.IPAddress) -> Q:
        """The prefixes containing the address or network searched for."""
        return Q(network__lte=first, broadcast__gte=last)

    def filter_prefix(self, queryset, name, value):
        if not value:
            return queryset
        query = Q()
        for text in value:
            network = parse_network(text)
            query |= Q(network=network.network, prefix_length=network.prefixlen)
        return queryset.filter(query)

    def filter_within(self, queryset, name, value):
        return queryset.within(value) if value else queryset

    def filter_within_include(self, queryset, name, value):
        return queryset.within(value, include_self=True) if value else queryset

    def filter_contains(self, queryset, name, value):
        return queryset.containing(value) if value else queryset


class IPAddressFilterSetBase(PresentInVRFFilterMixin, NetworkSearchFilterSet):
    address = NetworkListFilter(
        method="filter_address",
        label="Address; with a mask (10.0.0.1/24) it must match, without it any mask does",
    )
    parent = NetworkFilter(method="filter_parent", label="Addresses inside this network")
    interface = MultiValueCharFilter(field_name="assigned_interface__name", label="Interface (name)")
    device_id = RelatedIdFilter(Device, "assigned_interface__device")
    device = MultiValueCharFilter(field_name="assigned_interface__device__name", label="Device (name)")
    assigned_to_interface = django_filters.BooleanFilter(
        method="filter_assigned_to_interface", label="On an interface (a device's or a VM's)"
    )
    has_parent = django_filters.BooleanFilter(method="filter_has_parent", label="Inside some prefix")

    def network_match(self, first: netaddr.IPAddress, last: netaddr.IPAddress) -> Q:
        """The addresses inside the network searched for."""
        return Q(host__gte=first, host__lte=last)

    def filter_address(self, queryset, name, value):
        if not value:
            return queryset
        query = Q()
        for text in value:
            address = parse_network(text)
            if "/" in text:
                query |= Q(host=address.ip, mask_length=address.prefixlen)
            else:
                query |= Q(host=address.ip)
        return queryset.filter(query)

    def filter_assigned_to_interface(self, queryset, name, value):
        if value is None:
            return queryset
        unassigned = Q(assigned_interface__isnull=True, assigned_vm_interface__isnull=True)
        return queryset.exclude(unassigned) if value else queryset.filter(unassigned)

    def filter_parent(self, queryset, name, value):
        return queryset.within(value) if value else queryset

    def filter_has_parent(self, queryset, name, value):
        # A parent is a prefix of the address's namespace and VRF, or a global container (Prefix.get_child_ips).
        if value is None:
            return queryset
        return queryset.with_parent() if value else queryset.without_parent()


class VLANFilterSetBase(BaseFilterSet):
    """`available_on_device=<id>`: the VLANs a device's interfaces may carry (global, or at its site)."""

    available_on_device = RelatedIdFilter(
        Device, "pk", method="filter_available_on_device", label="Device (id) whose interfaces may carry it"
    )

    def filter_available_on_device(self, queryset, name, value):
        if not value:
            return queryset
        sites = {device.site_id for device in value}
        at_site = Q(site__in=sites) | Q(site__isnull=True, group__site__in=sites)
        is_global = Q(site__isnull=True) & (Q(group__isnull=True) | Q(group__site__isnull=True))
        return queryset.filter(at_site | is_global)
