"""Choice sets of IPAM: address families, the statuses of prefixes, ranges, addresses and VLANs, address roles.

The class and constant names and the values are NetBox's `ipam.choices` (`IPAddressRoleChoices.ROLE_VIP`,
`ServiceProtocolChoices.PROTOCOL_TCP`, ...); `nautobot.ipam.choices` serves them plus Nautobot 2.x's own
(extras/compat/nautobot/ipam_choices.py).
Statuses are rows of the Status table (Nautobot style); the `*StatusChoices` classes name the slugs of
those rows, which every status field accepts in place of a Status (see dcim.fields.StatusField).
"""

from __future__ import annotations

from core.choices import ChoiceSet


class IPAddressFamilyChoices(ChoiceSet):
    """IPv4 or IPv6, as the integers 4 and 6 (the API and filters take them as numbers)."""

    FAMILY_4 = 4
    FAMILY_6 = 6

    # The same values under this project's first names and Nautobot 2.x's (IPAddressVersionChoices).
    V4 = FAMILY_4
    V6 = FAMILY_6
    VERSION_4 = FAMILY_4
    VERSION_6 = FAMILY_6

    CHOICES = ((FAMILY_4, "IPv4"), (FAMILY_6, "IPv6"))


IPVersionChoices = IPAddressFamilyChoices


class PrefixStatusChoices(ChoiceSet):
    """The statuses a prefix may have (slugs of Status rows)."""

    STATUS_CONTAINER = "container"
    STATUS_ACTIVE = "active"
    STATUS_RESERVED = "reserved"
    STATUS_DEPRECATED = "deprecated"

    CHOICES = (
        (STATUS_CONTAINER, "Container"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_RESERVED, "Reserved"),
        (STATUS_DEPRECATED, "Deprecated"),
    )


class IPAddressStatusChoices(ChoiceSet):
    """The statuses an IP address may have (slugs of Status rows)."""

    STATUS_ACTIVE = "active"
    STATUS_RESERVED = "reserved"
    STATUS_DEPRECATED = "deprecated"
    STATUS_DHCP = "dhcp"
    STATUS_SLAAC = "slaac"

    CHOICES = (
        (STATUS_ACTIVE, "Active"),
        (STATUS_RESERVED, "Reserved"),
        (STATUS_DEPRECATED, "Deprecated"),
        (STATUS_DHCP, "DHCP"),
        (STATUS_SLAAC, "SLAAC"),
    )


class IPRangeStatusChoices(ChoiceSet):
    """The statuses an IP range may have (NetBox's values)."""

    STATUS_ACTIVE = "active"
    STATUS_RESERVED = "reserved"
    STATUS_DEPRECATED = "deprecated"

    CHOICES = (
        (STATUS_ACTIVE, "Active"),
        (STATUS_RESERVED, "Reserved"),
        (STATUS_DEPRECATED, "Deprecated"),
    )


class IPAddressRoleChoices(ChoiceSet):
    """The special role of an address: a loopback, a secondary, or one shared between devices (VIP, FHRP)."""

    ROLE_LOOPBACK = "loopback"
    ROLE_SECONDARY = "secondary"
    ROLE_ANYCAST = "anycast"
    ROLE_VIP = "vip"
    ROLE_VRRP = "vrrp"
    ROLE_HSRP = "hsrp"
    ROLE_GLBP = "glbp"
    ROLE_CARP = "carp"

    CHOICES = (
        (ROLE_LOOPBACK, "Loopback"),
        (ROLE_SECONDARY, "Secondary"),
        (ROLE_ANYCAST, "Anycast"),
        (ROLE_VIP, "VIP"),
        (ROLE_VRRP, "VRRP"),
        (ROLE_HSRP, "HSRP"),
        (ROLE_GLBP, "GLBP"),
        (ROLE_CARP, "CARP"),
    )


class VLANStatusChoices(ChoiceSet):
    """The statuses a VLAN may have (NetBox's values)."""

    STATUS_ACTIVE = "active"
    STATUS_RESERVED = "reserved"
    STATUS_DEPRECATED = "deprecated"

    CHOICES = (
        (STATUS_ACTIVE, "Active"),
        (STATUS_RESERVED, "Reserved"),
        (STATUS_DEPRECATED, "Deprecated"),
    )


class VLANQinQRoleChoices(ChoiceSet):
    """Whether a VLAN is a service (outer) or customer (inner) VLAN of 802.1ad."""

    ROLE_SERVICE = "svlan"
    ROLE_CUSTOMER = "cvlan"

    CHOICES = ((ROLE_SERVICE, "Service"), (ROLE_CUSTOMER, "Customer"))


class ServiceProtocolChoices(ChoiceSet):
    """The transport protocol of a service."""

    PROTOCOL_TCP = "tcp"
    PROTOCOL_UDP = "udp"
    PROTOCOL_SCTP = "sctp"

    CHOICES = ((PROTOCOL_TCP, "TCP"), (PROTOCOL_UDP, "UDP"), (PROTOCOL_SCTP, "SCTP"))
