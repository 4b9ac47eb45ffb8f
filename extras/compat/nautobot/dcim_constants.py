"""`nautobot.dcim.constants`: dcim.constants under Nautobot's names, with Nautobot's values where they differ."""

from __future__ import annotations

from dcim.choices import InterfaceTypeChoices
from dcim.constants import *  # noqa: F403 (the module is a re-export)

RACK_U_HEIGHT_MAXIMUM = 500
RACK_ELEVATION_LEGEND_WIDTH_DEFAULT = 30
INTERFACE_MTU_MAX = 32767  # Nautobot stores the MTU in a signed 16-bit column

COPPER_TWISTED_PAIR_IFACE_TYPES = [
    InterfaceTypeChoices.TYPE_100ME_FIXED,
    InterfaceTypeChoices.TYPE_1GE_FIXED,
    InterfaceTypeChoices.TYPE_2GE_FIXED,
    InterfaceTypeChoices.TYPE_5GE_FIXED,
    InterfaceTypeChoices.TYPE_10GE_FIXED,
]

POWERFEED_VOLTAGE_DEFAULT = 120
POWERFEED_AMPERAGE_DEFAULT = 20
POWERFEED_MAX_UTILIZATION_DEFAULT = 80  # percent
