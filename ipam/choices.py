"""Choice sets of IPAM: IP versions, and the statuses of prefixes and addresses.

The names are those job code already uses: NetBox's `ipam.choices` and Nautobot 1.x's `nautobot.ipam.choices`.
Statuses are rows of the Status table (Nautobot style); the `*StatusChoices` classes name the slugs of
those rows, which every status field accepts in place of a Status (see dcim.fields.StatusField).
"""

from __future__ import annotations

from core.choices import ChoiceSet


class IPVersionChoices:
    """Plain integers (4, 6) rather than a ChoiceSet: the API and filters take them as numbers."""

    V4 = 4
    V6 = 6
    CHOICES = ((V4, "IPv4"), (V6, "IPv6"))


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
