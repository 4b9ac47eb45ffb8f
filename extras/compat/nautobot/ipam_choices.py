"""`nautobot.ipam.choices`: every set of ipam.choices plus Nautobot 2.x's own (prefix and address types, VRF
statuses, IPAddressVersionChoices)."""

from __future__ import annotations

from core.choices import ChoiceSet
from ipam.choices import *  # noqa: F403 (the module is a re-export)
from ipam.choices import IPAddressFamilyChoices

IPAddressVersionChoices = IPAddressFamilyChoices


class PrefixTypeChoices(ChoiceSet):
    """Nautobot 2.x: a prefix is a container, a network, or a pool of addresses."""

    TYPE_CONTAINER = "container"
    TYPE_NETWORK = "network"
    TYPE_POOL = "pool"

    CHOICES = ((TYPE_CONTAINER, "Container"), (TYPE_NETWORK, "Network"), (TYPE_POOL, "Pool"))


class IPAddressTypeChoices(ChoiceSet):
    """Nautobot 2.x: how an address is given out (statically to a host, by DHCP or SLAAC)."""

    TYPE_DHCP = "dhcp"
    TYPE_HOST = "host"
    TYPE_SLAAC = "slaac"

    CHOICES = ((TYPE_DHCP, "DHCP"), (TYPE_HOST, "Host"), (TYPE_SLAAC, "SLAAC"))


class VRFStatusChoices(ChoiceSet):
    """Nautobot 2.x's VRF statuses."""

    STATUS_ACTIVE = "active"
    STATUS_DOWN = "down"
    STATUS_DEPRECATED = "deprecated"

    CHOICES = ((STATUS_ACTIVE, "Active"), (STATUS_DOWN, "Down"), (STATUS_DEPRECATED, "Deprecated"))
