"""Choice sets of circuits under NetBox's names (`circuits.choices`; `nautobot.circuits.choices` serves them too).

A circuit's status is a row of the Status table like a site's (dcim.fields.StatusField): the values below are
the slugs of those rows, and CIRCUIT_STATUSES gives their names and colours (made by migration 0002, the
demo data and the test factories).
"""

from __future__ import annotations

from core.choices import ChoiceSet


class CircuitStatusChoices(ChoiceSet):
    """The statuses a circuit may have (NetBox's values; slugs of Status rows)."""

    STATUS_DEPROVISIONING = "deprovisioning"
    STATUS_ACTIVE = "active"
    STATUS_PLANNED = "planned"
    STATUS_PROVISIONING = "provisioning"
    STATUS_OFFLINE = "offline"
    STATUS_DECOMMISSIONED = "decommissioned"

    CHOICES = (
        (STATUS_PLANNED, "Planned"),
        (STATUS_PROVISIONING, "Provisioning"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_OFFLINE, "Offline"),
        (STATUS_DEPROVISIONING, "Deprovisioning"),
        (STATUS_DECOMMISSIONED, "Decommissioned"),
    )


class CircuitTerminationSideChoices(ChoiceSet):
    """Which end of its circuit a termination is."""

    SIDE_A = "A"
    SIDE_Z = "Z"

    CHOICES = ((SIDE_A, "A"), (SIDE_Z, "Z"))


# slug → (name, colour) of the Status rows circuits take; a status that exists already (active, planned,
# offline) keeps its name and colour and is given to circuits too. Migration 0002 holds a frozen copy.
CIRCUIT_STATUSES: dict[str, tuple[str, str]] = {
    "planned": ("Planned", "00bcd4"),
    "provisioning": ("Provisioning", "2196f3"),
    "active": ("Active", "4caf50"),
    "offline": ("Offline", "f44336"),
    "deprovisioning": ("Deprovisioning", "ffc107"),
    "decommissioned": ("Decommissioned", "9e9e9e"),
}
