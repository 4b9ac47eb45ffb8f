"""`nautobot.ipam.constants`: ipam.constants under Nautobot's names, with Nautobot 2.x's values where they differ."""

from __future__ import annotations

from extras.compat.nautobot.ipam_choices import PrefixTypeChoices
from ipam.constants import *  # noqa: F403 (the module is a re-export)

PREFIX_LENGTH_MIN = 0
PREFIX_LENGTH_MAX = 128

# Which type of prefix each type may sit under, and hold (Nautobot 2.x's prefix hierarchy).
PREFIX_ALLOWED_PARENT_TYPES = {
    PrefixTypeChoices.TYPE_CONTAINER: PrefixTypeChoices.TYPE_CONTAINER,
    PrefixTypeChoices.TYPE_NETWORK: PrefixTypeChoices.TYPE_CONTAINER,
    PrefixTypeChoices.TYPE_POOL: PrefixTypeChoices.TYPE_NETWORK,
}
PREFIX_ALLOWED_CHILD_TYPES = {
    PrefixTypeChoices.TYPE_CONTAINER: [PrefixTypeChoices.TYPE_CONTAINER, PrefixTypeChoices.TYPE_NETWORK],
    PrefixTypeChoices.TYPE_NETWORK: [PrefixTypeChoices.TYPE_POOL],
    PrefixTypeChoices.TYPE_POOL: [],
}

IPV4_BYTE_LENGTH = 4
IPV6_BYTE_LENGTH = 16
