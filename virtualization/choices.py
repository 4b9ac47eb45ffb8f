"""Virtualization's choice sets under NetBox's names (the values are slugs of Status rows), and the statuses that
apply to each virtualization model."""

from __future__ import annotations

from core.choices import ChoiceSet


class ClusterStatusChoices(ChoiceSet):
    """The statuses a cluster may have (NetBox 3.x)."""

    STATUS_PLANNED = "planned"
    STATUS_STAGING = "staging"
    STATUS_ACTIVE = "active"
    STATUS_DECOMMISSIONING = "decommissioning"
    STATUS_OFFLINE = "offline"

    CHOICES = (
        (STATUS_PLANNED, "Planned"),
        (STATUS_STAGING, "Staging"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_DECOMMISSIONING, "Decommissioning"),
        (STATUS_OFFLINE, "Offline"),
    )


class VirtualMachineStatusChoices(ChoiceSet):
    """The statuses a virtual machine may have (NetBox and Nautobot)."""

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


class VMInterfaceStatusChoices(ChoiceSet):
    """The statuses a VM interface may have (Nautobot 2.x gives interfaces one; NetBox none, so it is optional)."""

    STATUS_PLANNED = "planned"
    STATUS_ACTIVE = "active"
    STATUS_DECOMMISSIONING = "decommissioning"
    STATUS_FAILED = "failed"

    CHOICES = (
        (STATUS_PLANNED, "Planned"),
        (STATUS_ACTIVE, "Active"),
        (STATUS_DECOMMISSIONING, "Decommissioning"),
        (STATUS_FAILED, "Failed"),
    )


# model label → the status slugs that apply to it (every slug is one of dcim.choices.DEFAULT_STATUSES).
# Migration 0002 holds a frozen copy.
VIRTUALIZATION_STATUSES: dict[str, tuple[str, ...]] = {
    "virtualization.cluster": tuple(ClusterStatusChoices.values()),
    "virtualization.virtualmachine": tuple(VirtualMachineStatusChoices.values()),
    "virtualization.vminterface": tuple(VMInterfaceStatusChoices.values()),
}
