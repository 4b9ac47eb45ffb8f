"""Choice sets of the inventory: interface types, cable statuses and the default statuses.

The names are those job code already uses: NetBox's `dcim.choices` (`SiteStatusChoices.STATUS_PLANNED`,
`InterfaceTypeChoices.TYPE_1GE_FIXED`, ...) and Nautobot 1.x's `nautobot.dcim.choices`; IPAM's are in
`ipam.choices`.
Statuses are rows of the Status table (Nautobot style); the `*StatusChoices` classes name the slugs of
those rows, which every status field accepts in place of a Status (see dcim.fields.StatusField).
"""

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

    # The names NetBox and Nautobot 1.x job code uses for the same values.
    TYPE_VIRTUAL = VIRTUAL
    TYPE_LOOPBACK = LOOPBACK
    TYPE_LAG = LAG
    TYPE_100ME_FIXED = BASE_T_100M
    TYPE_1GE_FIXED = BASE_T_1G
    TYPE_1GE_SFP = SFP_1G
    TYPE_10GE_FIXED = BASE_T_10G
    TYPE_10GE_SFP_PLUS = SFP_PLUS_10G
    TYPE_25GE_SFP28 = SFP28_25G
    TYPE_40GE_QSFP_PLUS = QSFP_PLUS_40G
    TYPE_100GE_QSFP28 = QSFP28_100G
    TYPE_OTHER = OTHER


class LinkStatusChoices(ChoiceSet):
    """The status of a cable (NetBox 3.x's name; Nautobot calls the same set CableStatusChoices)."""

    STATUS_CONNECTED = "connected"
    STATUS_PLANNED = "planned"
    STATUS_DECOMMISSIONING = "decommissioning"
    CONNECTED = STATUS_CONNECTED
    PLANNED = STATUS_PLANNED
    DECOMMISSIONING = STATUS_DECOMMISSIONING

    CHOICES = (
        (STATUS_CONNECTED, "Connected"),
        (STATUS_PLANNED, "Planned"),
        (STATUS_DECOMMISSIONING, "Decommissioning"),
    )


CableStatusChoices = LinkStatusChoices  # Nautobot's name


# slug → (name, colour, labels of the models it applies to). Migrations 0002/0003 hold frozen copies of it.
STATUS_MODELS = ("dcim.site", "dcim.location", "dcim.device", "ipam.prefix", "ipam.ipaddress")
ADDRESS_MODELS = ("ipam.prefix", "ipam.ipaddress")
# Racks and power feeds take NetBox's values of RackStatusChoices and PowerFeedStatusChoices (migration 0010).
RACK, FEED = ("dcim.rack",), ("dcim.powerfeed",)
DEFAULT_STATUSES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "active": ("Active", "4caf50", STATUS_MODELS + RACK + FEED),
    "planned": ("Planned", "00bcd4", STATUS_MODELS + RACK + FEED),
    "staged": ("Staged", "2196f3", STATUS_MODELS),
    "failed": ("Failed", "f44336", STATUS_MODELS + FEED),
    "offline": ("Offline", "ffc107", STATUS_MODELS + FEED),
    "decommissioning": ("Decommissioning", "9e9e9e", STATUS_MODELS),
    "reserved": ("Reserved", "00bcd4", ADDRESS_MODELS + RACK),
    "deprecated": ("Deprecated", "f44336", ADDRESS_MODELS + RACK),
    "available": ("Available", "4caf50", RACK),
    # The other values of NetBox's status choices (migration 0003), so that every constant below names a status.
    "staging": ("Staging", "2196f3", ("dcim.site", "dcim.location")),
    "retired": ("Retired", "f44336", ("dcim.site", "dcim.location")),
    "inventory": ("Inventory", "9c27b0", ("dcim.device",)),
    "container": ("Container", "9e9e9e", ("ipam.prefix",)),
    "dhcp": ("DHCP", "4caf50", ("ipam.ipaddress",)),
    "slaac": ("SLAAC", "4caf50", ("ipam.ipaddress",)),
}


class SiteStatusChoices(ChoiceSet):
    """The statuses a site may have (slugs of Status rows)."""

    STATUS_PLANNED = "planned"
    STATUS_STAGING = "staging"
    STATUS_ACTIVE = "active"
    STATUS_DECOMMISSIONING = "decommissioning"
    STATUS_RETIRED = "retired"

    CHOICES = (
        (STATUS_PLANNED, "Planned"),
        (STATUS_STAGING, "Staging"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_DECOMMISSIONING, "Decommissioning"),
        (STATUS_RETIRED, "Retired"),
    )


class DeviceStatusChoices(ChoiceSet):
    """The statuses a device may have (slugs of Status rows)."""

    STATUS_OFFLINE = "offline"
    STATUS_ACTIVE = "active"
    STATUS_PLANNED = "planned"
    STATUS_STAGED = "staged"
    STATUS_FAILED = "failed"
    STATUS_INVENTORY = "inventory"
    STATUS_DECOMMISSIONING = "decommissioning"

    CHOICES = (
        (STATUS_OFFLINE, "Offline"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_PLANNED, "Planned"),
        (STATUS_STAGED, "Staged"),
        (STATUS_FAILED, "Failed"),
        (STATUS_INVENTORY, "Inventory"),
        (STATUS_DECOMMISSIONING, "Decommissioning"),
    )


# --- Device components (issue 23): front/rear ports, modules ----------------------------------------------
class PortTypeChoices(ChoiceSet):
    """The connector of a front or rear port (NetBox's values)."""

    TYPE_8P8C = "8p8c"
    TYPE_8P6C = "8p6c"
    TYPE_8P4C = "8p4c"
    TYPE_8P2C = "8p2c"
    TYPE_6P6C = "6p6c"
    TYPE_6P4C = "6p4c"
    TYPE_6P2C = "6p2c"
    TYPE_4P4C = "4p4c"
    TYPE_4P2C = "4p2c"
    TYPE_GG45 = "gg45"
    TYPE_TERA4P = "tera-4p"
    TYPE_TERA2P = "tera-2p"
    TYPE_TERA1P = "tera-1p"
    TYPE_110_PUNCH = "110-punch"
    TYPE_BNC = "bnc"
    TYPE_F = "f"
    TYPE_N = "n"
    TYPE_MRJ21 = "mrj21"
    TYPE_FC = "fc"
    TYPE_LC = "lc"
    TYPE_LC_PC = "lc-pc"
    TYPE_LC_UPC = "lc-upc"
    TYPE_LC_APC = "lc-apc"
    TYPE_LSH = "lsh"
    TYPE_LSH_PC = "lsh-pc"
    TYPE_LSH_UPC = "lsh-upc"
    TYPE_LSH_APC = "lsh-apc"
    TYPE_MPO = "mpo"
    TYPE_MTRJ = "mtrj"
    TYPE_SC = "sc"
    TYPE_SC_PC = "sc-pc"
    TYPE_SC_UPC = "sc-upc"
    TYPE_SC_APC = "sc-apc"
    TYPE_ST = "st"
    TYPE_CS = "cs"
    TYPE_SN = "sn"
    TYPE_SPLICE = "splice"
    TYPE_OTHER = "other"

    CHOICES = (
        (TYPE_8P8C, "8P8C"),
        (TYPE_8P6C, "8P6C"),
        (TYPE_8P4C, "8P4C"),
        (TYPE_8P2C, "8P2C"),
        (TYPE_6P6C, "6P6C"),
        (TYPE_6P4C, "6P4C"),
        (TYPE_6P2C, "6P2C"),
        (TYPE_4P4C, "4P4C"),
        (TYPE_4P2C, "4P2C"),
        (TYPE_GG45, "GG45"),
        (TYPE_TERA4P, "TERA 4P"),
        (TYPE_TERA2P, "TERA 2P"),
        (TYPE_TERA1P, "TERA 1P"),
        (TYPE_110_PUNCH, "110 Punch"),
        (TYPE_BNC, "BNC"),
        (TYPE_F, "F Connector"),
        (TYPE_N, "N Connector"),
        (TYPE_MRJ21, "MRJ21"),
        (TYPE_FC, "FC"),
        (TYPE_LC, "LC"),
        (TYPE_LC_PC, "LC/PC"),
        (TYPE_LC_UPC, "LC/UPC"),
        (TYPE_LC_APC, "LC/APC"),
        (TYPE_LSH, "LSH"),
        (TYPE_LSH_PC, "LSH/PC"),
        (TYPE_LSH_UPC, "LSH/UPC"),
        (TYPE_LSH_APC, "LSH/APC"),
        (TYPE_MPO, "MPO"),
        (TYPE_MTRJ, "MTRJ"),
        (TYPE_SC, "SC"),
        (TYPE_SC_PC, "SC/PC"),
        (TYPE_SC_UPC, "SC/UPC"),
        (TYPE_SC_APC, "SC/APC"),
        (TYPE_ST, "ST"),
        (TYPE_CS, "CS"),
        (TYPE_SN, "SN"),
        (TYPE_SPLICE, "Splice"),
        (TYPE_OTHER, "Other"),
    )


class ModuleStatusChoices(ChoiceSet):
    """The statuses a module may have (NetBox's values)."""

    STATUS_OFFLINE = "offline"
    STATUS_ACTIVE = "active"
    STATUS_PLANNED = "planned"
    STATUS_STAGED = "staged"
    STATUS_FAILED = "failed"
    STATUS_DECOMMISSIONING = "decommissioning"

    CHOICES = (
        (STATUS_OFFLINE, "Offline"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_PLANNED, "Planned"),
        (STATUS_STAGED, "Staged"),
        (STATUS_FAILED, "Failed"),
        (STATUS_DECOMMISSIONING, "Decommissioning"),
    )


# --- Racks, devices in racks, power (NetBox's names; Nautobot's are the same) ---------------------------
class RackStatusChoices(ChoiceSet):
    """The statuses a rack may have (slugs of Status rows)."""

    STATUS_RESERVED = "reserved"
    STATUS_AVAILABLE = "available"
    STATUS_PLANNED = "planned"
    STATUS_ACTIVE = "active"
    STATUS_DEPRECATED = "deprecated"

    CHOICES = (
        (STATUS_RESERVED, "Reserved"),
        (STATUS_AVAILABLE, "Available"),
        (STATUS_PLANNED, "Planned"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_DEPRECATED, "Deprecated"),
    )


class RackTypeChoices(ChoiceSet):
    """A rack's form factor (`rack.type`; NetBox 4.1 renamed the set RackFormFactorChoices)."""

    TYPE_2POST = "2-post-frame"
    TYPE_4POST = "4-post-frame"
    TYPE_CABINET = "4-post-cabinet"
    TYPE_WALLFRAME = "wall-frame"
    TYPE_WALLFRAME_VERTICAL = "wall-frame-vertical"
    TYPE_WALLCABINET = "wall-cabinet"
    TYPE_WALLCABINET_VERTICAL = "wall-cabinet-vertical"

    CHOICES = (
        (TYPE_2POST, "2-post frame"),
        (TYPE_4POST, "4-post frame"),
        (TYPE_CABINET, "4-post cabinet"),
        (TYPE_WALLFRAME, "Wall-mounted frame"),
        (TYPE_WALLFRAME_VERTICAL, "Wall-mounted frame (vertical)"),
        (TYPE_WALLCABINET, "Wall-mounted cabinet"),
        (TYPE_WALLCABINET_VERTICAL, "Wall-mounted cabinet (vertical)"),
    )


RackFormFactorChoices = RackTypeChoices


class RackWidthChoices(ChoiceSet):
    """Rail-to-rail width in inches (integers, as NetBox stores them)."""

    WIDTH_10IN = 10
    WIDTH_19IN = 19
    WIDTH_21IN = 21
    WIDTH_23IN = 23

    CHOICES = (
        (WIDTH_10IN, "10 inches"),
        (WIDTH_19IN, "19 inches"),
        (WIDTH_21IN, "21 inches"),
        (WIDTH_23IN, "23 inches"),
    )


class RackDimensionUnitChoices(ChoiceSet):
    UNIT_MILLIMETER = "mm"
    UNIT_INCH = "in"

    CHOICES = ((UNIT_MILLIMETER, "Millimeters"), (UNIT_INCH, "Inches"))


class DeviceFaceChoices(ChoiceSet):
    """The face of a rack a device is mounted on."""

    FACE_FRONT = "front"
    FACE_REAR = "rear"

    CHOICES = ((FACE_FRONT, "Front"), (FACE_REAR, "Rear"))


class SubdeviceRoleChoices(ChoiceSet):
    """Whether a device type holds child devices in its bays (parent) or sits in one (child)."""

    ROLE_PARENT = "parent"
    ROLE_CHILD = "child"

    CHOICES = ((ROLE_PARENT, "Parent"), (ROLE_CHILD, "Child"))


class PowerFeedStatusChoices(ChoiceSet):
    """The statuses a power feed may have (slugs of Status rows)."""

    STATUS_OFFLINE = "offline"
    STATUS_ACTIVE = "active"
    STATUS_PLANNED = "planned"
    STATUS_FAILED = "failed"

    CHOICES = (
        (STATUS_OFFLINE, "Offline"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_PLANNED, "Planned"),
        (STATUS_FAILED, "Failed"),
    )


class PowerFeedTypeChoices(ChoiceSet):
    TYPE_PRIMARY = "primary"
    TYPE_REDUNDANT = "redundant"

    CHOICES = ((TYPE_PRIMARY, "Primary"), (TYPE_REDUNDANT, "Redundant"))


class PowerFeedSupplyChoices(ChoiceSet):
    SUPPLY_AC = "ac"
    SUPPLY_DC = "dc"

    CHOICES = ((SUPPLY_AC, "AC"), (SUPPLY_DC, "DC"))


class PowerFeedPhaseChoices(ChoiceSet):
    PHASE_SINGLE = "single-phase"
    PHASE_3PHASE = "three-phase"

    CHOICES = ((PHASE_SINGLE, "Single phase"), (PHASE_3PHASE, "Three-phase"))
