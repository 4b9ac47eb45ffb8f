"""`nautobot.dcim.choices`: every set of dcim.choices (one truth for stored values) plus Nautobot's own names.

Nautobot calls NetBox's LinkStatusChoices CableStatusChoices (in dcim.choices too); the sets below exist only
in Nautobot. Interface statuses are rows of the Status table here, as in Nautobot 1.x/2.x.
"""

from __future__ import annotations

from core.choices import ChoiceSet
from dcim.choices import *  # noqa: F403 (the module is a re-export)


class InterfaceStatusChoices(ChoiceSet):
    """Nautobot's interface statuses."""

    STATUS_PLANNED = "planned"
    STATUS_ACTIVE = "active"
    STATUS_DECOMMISSIONING = "decommissioning"
    STATUS_FAILED = "failed"
    STATUS_MAINTENANCE = "maintenance"

    CHOICES = (
        (STATUS_PLANNED, "Planned"),
        (STATUS_FAILED, "Failed"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_DECOMMISSIONING, "Decommissioning"),
        (STATUS_MAINTENANCE, "Maintenance"),
    )


class InterfaceRedundancyGroupProtocolChoices(ChoiceSet):
    """The first-hop redundancy protocol of a Nautobot 2.x interface redundancy group."""

    HSRP = "hsrp"
    VRRP = "vrrp"
    GLBP = "glbp"
    CARP = "carp"

    CHOICES = ((HSRP, "HSRP"), (VRRP, "VRRP"), (GLBP, "GLBP"), (CARP, "CARP"))
