"""Address space by who allocated it and by span: RIR, Aggregate (a block of the global space an RIR gave out)
and IPRange (an arbitrary run of addresses, e.g. a DHCP pool), named as NetBox names them."""

from __future__ import annotations

import netaddr
from django.core.exceptions import ValidationError
from django.db import models

from core.models import AutoSlugMixin, BaseModel, ChangeLoggedMixin, InventoryMixin, RestrictedQuerySet
from dcim.models.organization import status_field
from ipam.addressing import parse_interface_address, parse_network
from ipam.choices import IPVersionChoices
from ipam.fields import AddressField, role_field
from ipam.models.ip import IPAddress, Prefix
from ipam.models.networks import NetworkModel, NetworkQuerySetMixin
from tenancy.models import tenant_field


class RIR(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A regional Internet registry (ARIN, RIPE NCC…) or, with `is_private`, a private space (RFC 1918)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    is_private = models.BooleanField(
        default=False, verbose_name="private", help_text="IP space managed by this RIR is considered private."
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "RIR"
        verbose_name_plural = "RIRs"

    def __str__(self) -> str:
        return self.name


class AggregateQuerySet(NetworkQuerySetMixin, RestrictedQuerySet):
    pass


class Aggregate(NetworkModel, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A top-level block of address space and the RIR it came from; aggregates never overlap one another."""

    rir = models.ForeignKey(RIR, on_delete=models.PROTECT, related_name="aggregates", verbose_name="RIR")
    tenant = tenant_field("aggregates")
    date_added = models.DateField(null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)

    objects = AggregateQuerySet.as_manager()

    class Meta:
        ordering = ["network", "prefix_length"]
        indexes = [models.Index(fields=["network", "broadcast"], name="ipam_aggregate_range")]

    def clean(self) -> None:
        super().clean()
        overlapping = Aggregate.objects.overlapping(self.prefix).exclude(pk=self.pk).first()
        if overlapping is None:
            return
        if overlapping.prefix_length <= self.prefix_length:
            message = f"Aggregates cannot overlap: {self.prefix} is covered by the aggregate {overlapping}."
        else:
            message = f"Aggregates cannot overlap: {self.prefix} covers the aggregate {overlapping}."
        raise ValidationError({"prefix": message})

    def get_child_prefixes(self) -> models.QuerySet:
        """The prefixes inside this aggregate (itself included, if a prefix of the same span exists)."""
        return Prefix.objects.within(self.prefix, include_self=True)

    def get_utilization(self) -> int:
        """The share of the aggregate that prefixes cover, in whole percent (NetBox's measure)."""
        if self.prefix is None:
            return 0
        covered = netaddr.IPSet(p.prefix for p in self.get_child_prefixes().only("network", "prefix_length"))
        return int(float(covered.size) / self.prefix.size * 100)


class IPRangeQuerySet(RestrictedQuerySet):
    """Accepts NetBox's `start_address=` / `end_address=` (with or without a mask) and finds ranges by address."""

    def filter(self, *args, **kwargs):
        return super().filter(*args, **_expand_range_lookup(kwargs))

    def exclude(self, *args, **kwargs):
        return super().exclude(*args, **_expand_range_lookup(kwargs))

    def containing(self, address) -> IPRangeQuerySet:
        """Ranges holding the given address."""
        host = netaddr.IPNetwork(str(address)).ip
        return self.filter(start_host__lte=host, end_host__gte=host)

    def overlapping(self, first, last) -> IPRangeQuerySet:
        """Ranges sharing an address with first..last."""
        return self.filter(start_host__lte=last, end_host__gte=first)


def _expand_range_lookup(kwargs: dict) -> dict:
    if "start_address" not in kwargs and "end_address" not in kwargs:
        return kwargs
    kwargs = dict(kwargs)
    for name, column in (("start_address", "start_host"), ("end_address", "end_host")):
        if name in kwargs:
            given = kwargs.pop(name)
            value = parse_network(given)
            kwargs[column] = value.ip
            if isinstance(given, netaddr.IPNetwork) or "/" in str(given):
                kwargs["mask_length"] = value.prefixlen
    return kwargs


class IPRange(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A run of addresses from `start_address` to `end_address` (both with the same mask, e.g. a DHCP pool);
    ranges never overlap one another."""

    start_host = AddressField(editable=False, blank=True)
    end_host = AddressField(editable=False, blank=True)
    mask_length = models.PositiveSmallIntegerField(editable=False, blank=True)
    ip_version = models.PositiveSmallIntegerField(
        editable=False, blank=True, choices=IPVersionChoices.CHOICES
    )
    status = status_field("ipam.iprange", related_name="ip_ranges")
    role = role_field("ipam.iprange", "ip_ranges")
    tenant = tenant_field("ip_ranges")
    description = models.CharField(max_length=200, blank=True)
    mark_utilized = models.BooleanField(
        default=False, verbose_name="mark utilized", help_text="Treat the range as fully used."
    )

    objects = IPRangeQuerySet.as_manager()

    class Meta:
        ordering = ["start_host", "end_host"]
        verbose_name = "IP range"
        verbose_name_plural = "IP ranges"
        indexes = [models.Index(fields=["start_host", "end_host"], name="ipam_iprange_span")]

    def __str__(self) -> str:
        if self.start_host is None or self.end_host is None:
            return "(no range)"
        return f"{self.start_host}-{self.end_host}/{self.mask_length}"

    def _with_mask(self, host) -> netaddr.IPNetwork | None:
        if host in (None, "") or self.mask_length is None:
            return None
        return netaddr.IPNetwork(f"{host}/{self.mask_length}")

    def _set_end(self, name: str, value) -> None:
        address = parse_interface_address(value)
        setattr(self, f"_{name}_mask", address.prefixlen)
        setattr(self, f"{name}_host", address.ip)
        self.mask_length = address.prefixlen
        self.ip_version = address.version

    @property
    def start_address(self) -> netaddr.IPNetwork | None:
        return self._with_mask(self.start_host)

    @start_address.setter
    def start_address(self, value) -> None:
        self._set_end("start", value)

    @property
    def end_address(self) -> netaddr.IPNetwork | None:
        return self._with_mask(self.end_host)

    @end_address.setter
    def end_address(self, value) -> None:
        self._set_end("end", value)

    @property
    def family(self) -> int | None:
        return self.ip_version

    @property
    def size(self) -> int:
        """How many addresses the range spans, both ends included."""
        if self.start_host is None or self.end_host is None:
            return 0
        return int(self.end_host) - int(self.start_host) + 1

    @property
    def range(self) -> netaddr.IPRange:
        return netaddr.IPRange(self.start_host, self.end_host)

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.start_host in (None, ""):
            errors["start_address"] = "This field is required."
        if self.end_host in (None, ""):
            errors["end_address"] = "This field is required."
        if errors:
            raise ValidationError(errors)
        if self.start_host.version != self.end_host.version:
            raise ValidationError(
                {"end_address": "The start and end addresses must be of the same IP version."}
            )
        start_mask = getattr(self, "_start_mask", self.mask_length)
        end_mask = getattr(self, "_end_mask", self.mask_length)
        if start_mask != end_mask:
            raise ValidationError(
                {"end_address": f"The start and end addresses must have the same mask (/{start_mask})."}
            )
        if self.end_host < self.start_host:
            raise ValidationError(
                {"end_address": f"The end address must be at or after the start address ({self.start_host})."}
            )
        overlapping = IPRange.objects.overlapping(self.start_host, self.end_host).exclude(pk=self.pk).first()
        if overlapping is not None:
            raise ValidationError({"start_address": f"The addresses overlap the range {overlapping}."})

    def get_child_ips(self) -> models.QuerySet:
        """The IP addresses inside the range."""
        return IPAddress.objects.filter(host__gte=self.start_host, host__lte=self.end_host)

    def get_available_ips(self) -> netaddr.IPSet:
        """The range's addresses that no IP address uses (none when the range is marked utilized)."""
        if self.mark_utilized:
            return netaddr.IPSet()
        used = netaddr.IPSet(self.get_child_ips().values_list("host", flat=True))
        return netaddr.IPSet(self.range) - used

    @property
    def first_available_ip(self) -> str | None:
        """The lowest free address with the range's mask ("10.0.0.100/24"), or None when full."""
        for address_range in self.get_available_ips().iter_ipranges():
            return f"{address_range[0]}/{self.mask_length}"
        return None

    @property
    def utilization(self) -> int:
        """The share of the range that addresses use, in whole percent (100 when marked utilized)."""
        if self.mark_utilized:
            return 100
        if not self.size:
            return 0
        return int(float(self.get_child_ips().count()) / self.size * 100)
