"""Address math for storage and input: netaddr values to sortable strings, parsing and prefix checks.

Stored addresses are one version digit and 32 lower-case hex digits ("4" + "0000…0a000001"), so a
string comparison on the column is a numeric comparison, IPv4 sorts before IPv6, and containment
is a range query (`network <= x <= broadcast`) that a plain B-tree index answers on SQLite and
PostgreSQL alike. No string matching on dotted or colon notation is ever needed.
"""

from __future__ import annotations

import re

import netaddr
from django.core.exceptions import ValidationError

HEX_WIDTH = 32
ENCODED_RE = re.compile(r"^[46][0-9a-f]{32}$")


def encode_address(value) -> str:
    """An address (IPAddress, or anything netaddr can parse) in its stored, sortable form."""
    address = value if isinstance(value, netaddr.IPAddress) else netaddr.IPAddress(str(value).strip())
    return f"{address.version}{int(address):0{HEX_WIDTH}x}"


def decode_address(value: str) -> netaddr.IPAddress:
    return netaddr.IPAddress(int(value[1:], 16), version=int(value[0]))


def parse_network(value) -> netaddr.IPNetwork:
    """A string like "10.0.0.0/24" (or an IPNetwork/IPAddress) as an IPNetwork; host bits are kept.

    A bare address gets the full-length mask, which is how people write single hosts.
    """
    if isinstance(value, netaddr.IPNetwork):
        return value
    text = str(value).strip()
    try:
        return netaddr.IPNetwork(text)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        # The value goes in params, never into the message itself: a "%" in it would break formatting.
        raise ValidationError(
            "%(value)s is not a valid IPv4 or IPv6 network.", code="invalid", params={"value": repr(text)}
        ) from None


def parse_interface_address(value) -> netaddr.IPNetwork:
    """An address with its mask ("10.0.0.1/24"); the mask is required so the subnet is never guessed."""
    if isinstance(value, netaddr.IPNetwork):
        return value
    text = str(value).strip()
    if "/" not in text:
        raise ValidationError(
            "%(value)s has no mask; a CIDR mask (e.g. /24) is required.",
            code="invalid",
            params={"value": repr(text)},
        )
    return parse_network(text)


def host_bits_error(network: netaddr.IPNetwork) -> str | None:
    """The message for a network written with host bits set, or None when it is a proper prefix."""
    if network.ip != network.network:
        return f"{network} is not a valid prefix. Did you mean {network.cidr}?"
    return None


def network_bounds(value) -> tuple[netaddr.IPAddress, netaddr.IPAddress]:
    """First and last address of a network (or of a single address)."""
    network = parse_network(value)
    return netaddr.IPAddress(network.first, network.version), netaddr.IPAddress(network.last, network.version)
