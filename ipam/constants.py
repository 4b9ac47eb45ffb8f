"""The IPAM constants real job code imports (`from ipam.constants import VLAN_VID_MAX`), with NetBox's values.

Nautobot's names and values (`nautobot.ipam.constants`) are in extras/compat/nautobot/ipam_constants.py.
"""

from __future__ import annotations

from django.db.models import Q

from ipam.choices import IPAddressRoleChoices

# A route distinguisher or route target is at most "255.255.255.255:65535" long.
VRF_RD_MAX_LENGTH = 21

PREFIX_LENGTH_MIN = 1
PREFIX_LENGTH_MAX = 127

IPADDRESS_MASK_LENGTH_MIN = 1
IPADDRESS_MASK_LENGTH_MAX = 128
# What an address may be assigned to (interfaces; VM interfaces once virtualization exists).
IPADDRESS_ASSIGNMENT_MODELS = Q(app_label="dcim", model="interface") | Q(
    app_label="virtualization", model="vminterface"
)
# Roles of addresses that several devices share, so the same address may exist more than once.
IPADDRESS_ROLES_NONUNIQUE = (
    IPAddressRoleChoices.ROLE_ANYCAST,
    IPAddressRoleChoices.ROLE_VIP,
    IPAddressRoleChoices.ROLE_VRRP,
    IPAddressRoleChoices.ROLE_HSRP,
    IPAddressRoleChoices.ROLE_GLBP,
    IPAddressRoleChoices.ROLE_CARP,
)

# 802.1Q VLAN IDs (0 and 4095 are reserved).
VLAN_VID_MIN = 1
VLAN_VID_MAX = 4094

# TCP/UDP/SCTP port numbers.
SERVICE_PORT_MIN = 1
SERVICE_PORT_MAX = 65535

# 32-bit AS numbers (NetBox keeps these in ipam.fields, Nautobot in ipam.constants).
BGP_ASN_MIN = 1
BGP_ASN_MAX = 2**32 - 1
