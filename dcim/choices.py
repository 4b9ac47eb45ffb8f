"""Choice sets of the inventory: interface types, cable statuses, IP versions and the default statuses."""

from __future__ import annotations

from core.choices import ChoiceSet


class InterfaceTypeChoices(ChoiceSet):
    VIRTUAL = "virtual"
    LOOPBACK = "loopback"
    LAG = "lag"
    BASE_T_100M = "100base-tx"
    BASE_T_1G = "1000base-t"
    SFP_1G = "1000base-x-sfp"
    BASE_T_10G = "10gbase-t"
    SFP_PLUS_10G = "10gbase-x-sfpp"
    SFP28_25G = "25gbase-x-sfp28"
    QSFP_PLUS_40G = "40gbase-x-qsfpp"
    QSFP28_100G = "100gbase-x-qsfp28"
    OTHER = "other"

    CHOICES = (
        (VIRTUAL, "Virtual"),
        (LOOPBACK, "Loopback"),
        (LAG, "Link Aggregation Group (LAG)"),
        (BASE_T_100M, "100BASE-TX (10/100ME)"),
        (BASE_T_1G, "1000BASE-T (1GE)"),
        (SFP_1G, "SFP (1GE)"),
        (BASE_T_10G, "10GBASE-T (10GE)"),
        (SFP_PLUS_10G, "SFP+ (10GE)"),
        (SFP28_25G, "SFP28 (25GE)"),
        (QSFP_PLUS_40G, "QSFP+ (40GE)"),
        (QSFP28_100G, "QSFP28 (100GE)"),
        (OTHER, "Other"),
    )

    # Types that exist only in software: they can never carry a cable.
    NON_PHYSICAL = (VIRTUAL, LOOPBACK, LAG)


class CableStatusChoices(ChoiceSet):
    CONNECTED = "connected"
    PLANNED = "planned"

    CHOICES = (
        (CONNECTED, "Connected"),
        (PLANNED, "Planned"),
    )


class IPVersionChoices:
    """Plain integers (4, 6) rather than a ChoiceSet: the API and filters take them as numbers."""

    V4 = 4
    V6 = 6
    CHOICES = ((V4, "IPv4"), (V6, "IPv6"))


# slug → (name, colour, model names it applies to). The 0002 migration holds a frozen copy of this table.
STATUS_MODELS = ("site", "device", "prefix", "ipaddress")
ADDRESS_MODELS = ("prefix", "ipaddress")
DEFAULT_STATUSES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "active": ("Active", "4caf50", STATUS_MODELS),
    "planned": ("Planned", "00bcd4", STATUS_MODELS),
    "staged": ("Staged", "2196f3", STATUS_MODELS),
    "failed": ("Failed", "f44336", STATUS_MODELS),
    "offline": ("Offline", "ffc107", STATUS_MODELS),
    "decommissioning": ("Decommissioning", "9e9e9e", STATUS_MODELS),
    "reserved": ("Reserved", "00bcd4", ADDRESS_MODELS),
    "deprecated": ("Deprecated", "f44336", ADDRESS_MODELS),
}
