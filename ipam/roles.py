"""The roles of IP addresses (NetBox's IPAddressRoleChoices) as Role rows applying to IP addresses, as
Nautobot 2.x has them: made by migration, and again on demand wherever an inventory starts (demo, tests)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from dcim.models import Role
from ipam.choices import IPAddressRoleChoices

# value → colour; the name is the choice's label. Migration ipam 0006 holds a frozen copy.
IP_ADDRESS_ROLE_COLORS = {
    IPAddressRoleChoices.ROLE_LOOPBACK: "9c27b0",
    IPAddressRoleChoices.ROLE_SECONDARY: "2196f3",
    IPAddressRoleChoices.ROLE_ANYCAST: "ffc107",
    IPAddressRoleChoices.ROLE_VIP: "4caf50",
    IPAddressRoleChoices.ROLE_VRRP: "4caf50",
    IPAddressRoleChoices.ROLE_HSRP: "4caf50",
    IPAddressRoleChoices.ROLE_GLBP: "4caf50",
    IPAddressRoleChoices.ROLE_CARP: "4caf50",
}


def ip_address_roles() -> dict[str, Role]:
    """Every IP address role by value, created when absent (or found by name) and made to apply to addresses."""
    content_type = ContentType.objects.get_by_natural_key("ipam", "ipaddress")
    roles = {}
    for value, label in IPAddressRoleChoices.CHOICES:
        role = Role.objects.filter(slug=value).first() or Role.objects.filter(name__iexact=label).first()
        if role is None:
            role = Role.objects.create(name=label, slug=value, color=IP_ADDRESS_ROLE_COLORS[value])
        role.content_types.add(content_type)
        roles[value] = role
    return roles
