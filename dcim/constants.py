"""The DCIM constants real job code imports (`from dcim.constants import VIRTUAL_IFACE_TYPES`), with NetBox's values.

Only what means something here: rack heights and elevation sizes, port positions, interface MTU bounds,
which interface types are virtual or wireless (and so never take a cable), and which port kinds a cable
may join. Nautobot's names and values (`nautobot.dcim.constants`) are in extras/compat/nautobot/dcim_constants.py.
"""

from __future__ import annotations

from django.db.models import Q

from dcim.choices import InterfaceTypeChoices

# Racks
RACK_U_HEIGHT_DEFAULT = 42
RACK_U_HEIGHT_MAX = 100
RACK_STARTING_UNIT_DEFAULT = 1
RACK_ELEVATION_BORDER_WIDTH = 2
RACK_ELEVATION_DEFAULT_LEGEND_WIDTH = 30
RACK_ELEVATION_DEFAULT_MARGIN_WIDTH = 15

# Front and rear port positions (a rear port has 1..1024 positions, each front port maps one of them)
PORT_POSITION_MIN = 1
PORT_POSITION_MAX = 1024
REARPORT_POSITIONS_MIN = PORT_POSITION_MIN  # NetBox 3.x's and Nautobot's name
REARPORT_POSITIONS_MAX = PORT_POSITION_MAX

# Interfaces
INTERFACE_MTU_MIN = 1
INTERFACE_MTU_MAX = 65536

# NetBox's virtual types (virtual, bridge, LAG) plus the two this inventory also treats as virtual:
# its loopback and Nautobot's tunnel. Wireless and cellular interfaces are physical but take no cable.
VIRTUAL_IFACE_TYPES = list(InterfaceTypeChoices.NON_PHYSICAL)
WIRELESS_IFACE_TYPES = [
    InterfaceTypeChoices.TYPE_80211A,
    InterfaceTypeChoices.TYPE_80211G,
    InterfaceTypeChoices.TYPE_80211N,
    InterfaceTypeChoices.TYPE_80211AC,
    InterfaceTypeChoices.TYPE_80211AD,
    InterfaceTypeChoices.TYPE_80211AX,
    InterfaceTypeChoices.TYPE_80211AY,
    InterfaceTypeChoices.TYPE_80211BE,
    InterfaceTypeChoices.TYPE_802151,
    InterfaceTypeChoices.TYPE_802154,
    InterfaceTypeChoices.TYPE_OTHER_WIRELESS,
    InterfaceTypeChoices.TYPE_GSM,
    InterfaceTypeChoices.TYPE_CDMA,
    InterfaceTypeChoices.TYPE_LTE,
    InterfaceTypeChoices.TYPE_4G,
    InterfaceTypeChoices.TYPE_5G,
]
NONCONNECTABLE_IFACE_TYPES = VIRTUAL_IFACE_TYPES + WIRELESS_IFACE_TYPES

# Cabling: the kinds a cable may end on, and which kinds each may be joined to: NetBox's table for the kinds
# that exist here (circuit terminations are the circuits app's). Cable.clean() applies it (dcim/models/cables.py).
COMPATIBLE_TERMINATION_TYPES: dict[str, list[str]] = {
    "circuittermination": ["interface", "frontport", "rearport", "circuittermination"],
    "consoleport": ["consoleserverport", "frontport", "rearport"],
    "consoleserverport": ["consoleport", "frontport", "rearport"],
    "interface": ["interface", "circuittermination", "frontport", "rearport"],
    "frontport": [
        "consoleport",
        "consoleserverport",
        "interface",
        "frontport",
        "rearport",
        "circuittermination",
    ],
    "poweroutlet": ["powerport"],
    "powerport": ["poweroutlet", "powerfeed"],
    "powerfeed": ["powerport"],
    "rearport": [
        "consoleport",
        "consoleserverport",
        "interface",
        "frontport",
        "rearport",
        "circuittermination",
    ],
}
CABLE_TERMINATION_MODELS = Q(app_label="circuits", model__in=("circuittermination",)) | Q(
    app_label="dcim",
    model__in=tuple(kind for kind in COMPATIBLE_TERMINATION_TYPES if kind != "circuittermination"),
)

# The models that can scope an object by place (NetBox 4.2+).
LOCATION_SCOPE_TYPES = ("region", "sitegroup", "site", "location")
