"""A network stored as Prefix stores it (first and last address, length, version), for the other models that
hold one (Aggregate): set `prefix = "10.0.0.0/8"`, read a netaddr.IPNetwork; containment is a range query."""

from __future__ import annotations

import netaddr
from django.core.exceptions import ValidationError
from django.db import models

from ipam.addressing import host_bits_error, network_bounds, parse_network
from ipam.choices import IPVersionChoices
from ipam.fields import AddressField


class NetworkQuerySetMixin:
    """`prefix="10.0.0.0/8"` in filter(), exclude() and get(), and the containment helpers of prefixes."""

    def filter(self, *args, **kwargs):
        return super().filter(*args, **expand_prefix_lookup(kwargs))

    def exclude(self, *args, **kwargs):
        return super().exclude(*args, **expand_prefix_lookup(kwargs))

    def containing(self, value):
        """Networks that contain (or equal) the given address or network."""
        first, last = network_bounds(value)
        return self.filter(network__lte=first, broadcast__gte=last)

    def within(self, value, include_self: bool = False):
        """Networks inside the given network; with `include_self`, the network itself too."""
        network = parse_network(value)
        first, last = network_bounds(network)
        length = {"prefix_length__gte" if include_self else "prefix_length__gt": network.prefixlen}
        return self.filter(network__gte=first, broadcast__lte=last, **length)

    def overlapping(self, value):
        """Networks sharing at least one address with the given address or network."""
        first, last = network_bounds(value)
        return self.filter(network__lte=last, broadcast__gte=first)


def expand_prefix_lookup(kwargs: dict) -> dict:
    if "prefix" not in kwargs:
        return kwargs
    kwargs = dict(kwargs)
    network = parse_network(kwargs.pop("prefix")).cidr
    kwargs.update(network=network.network, prefix_length=network.prefixlen)
    return kwargs


class NetworkModel(models.Model):
    """The stored network of a model, under `prefix` (as Prefix has it)."""

    network = AddressField(editable=False, blank=True, help_text="First address of the network.")
    broadcast = AddressField(editable=False, blank=True, help_text="Last address of the network.")
    prefix_length = models.PositiveSmallIntegerField(editable=False, blank=True)
    ip_version = models.PositiveSmallIntegerField(
        editable=False, blank=True, choices=IPVersionChoices.CHOICES
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        prefix = self.prefix
        return "(no prefix)" if prefix is None else str(prefix)

    @property
    def prefix(self) -> netaddr.IPNetwork | None:
        if self.network in (None, "") or self.prefix_length is None:
            return None
        return netaddr.IPNetwork(f"{self.network}/{self.prefix_length}")

    @prefix.setter
    def prefix(self, value) -> None:
        # Stored canonically; the value as given is kept so that clean() can reject host bits.
        network = parse_network(value)
        self._prefix_as_given = network
        self.network = netaddr.IPAddress(network.first, network.version)
        self.broadcast = netaddr.IPAddress(network.last, network.version)
        self.prefix_length = network.prefixlen
        self.ip_version = network.version

    @property
    def family(self) -> int | None:
        """NetBox's name of the IP version."""
        return self.ip_version

    def clean(self) -> None:
        super().clean()
        given = getattr(self, "_prefix_as_given", None)
        if given is not None and host_bits_error(given):
            raise ValidationError({"prefix": host_bits_error(given)})
        if self.prefix is None:
            raise ValidationError({"prefix": "This field is required."})
