"""Ports on a device: interfaces, console and power ports and outlets, front and rear ports; each holds at most
one cable."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import CableStatusChoices, InterfaceTypeChoices, PortTypeChoices


class PortBase(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """What every port shares: a name unique on its device, and the cable plugged into it (if any).

    `cable` is maintained by Cable.save(); the two generic relations exist so that deleting a port
    (or its device) deletes the cable attached to it instead of leaving a dangling end.
    """

    # The model name of the port kind at the other end of a cable from this one.
    peer_model_name: str = ""
    changelog_related_field = "device"  # a port's changes show in its device's change log too

    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(max_length=64)
    label = models.CharField(
        max_length=64, blank=True, help_text="Physical label, if it differs from the name."
    )
    description = models.CharField(max_length=200, blank=True)
    cable = models.ForeignKey(
        "dcim.Cable", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    cables_as_a = GenericRelation(
        "dcim.Cable", content_type_field="termination_a_type", object_id_field="termination_a_id"
    )
    cables_as_b = GenericRelation(
        "dcim.Cable", content_type_field="termination_b_type", object_id_field="termination_b_id"
    )

    class Meta:
        abstract = True
        ordering = ["device__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["device", "name"], name="dcim_%(class)s_unique_device_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        """The port named together with its device, e.g. "edge-1 \u203a Gi0/1" (the API's `display`)."""
        return f"{self.device} \u203a {self.name}"

    @property
    def connected_endpoint(self) -> PortBase | None:
        """The port at the other end of this port's cable, or None when nothing is plugged in."""
        if self.cable_id is None:
            return None
        return self.cable.far_end(self)

    @property
    def connection_status(self) -> bool | None:
        """True when the cable is connected, False when it is only planned, None when there is no cable."""
        if self.cable_id is None:
            return None
        return self.cable.status == CableStatusChoices.CONNECTED

    @property
    def is_cabled(self) -> bool:
        return self.cable_id is not None

    @property
    def can_be_cabled(self) -> bool:
        return True


class Interface(PortBase):
    """A network interface, physical or virtual (loopbacks, LAGs and SVIs are interfaces too)."""

    peer_model_name = "interface"

    type = models.CharField(max_length=50, choices=InterfaceTypeChoices.as_choices)
    enabled = models.BooleanField(default=True)
    mgmt_only = models.BooleanField(
        default=False, verbose_name="management only", help_text="Used only for out-of-band management."
    )

    @property
    def can_be_cabled(self) -> bool:
        return self.type not in InterfaceTypeChoices.NON_PHYSICAL

    @property
    def is_virtual(self) -> bool:
        return self.type in (InterfaceTypeChoices.VIRTUAL, InterfaceTypeChoices.LOOPBACK)


class ConsolePort(PortBase):
    """A console (serial) port on a device, cabled to a console server port."""

    peer_model_name = "consoleserverport"


class ConsoleServerPort(PortBase):
    """A port on a console server that provides console access to another device."""

    peer_model_name = "consoleport"


class PowerPort(PortBase):
    """A power inlet (power supply) of a device, cabled to a power outlet."""

    peer_model_name = "poweroutlet"


class PowerOutlet(PortBase):
    """A power outlet (of a PDU, say) that feeds a power port."""

    peer_model_name = "powerport"


# A rear port carries 1 to 1024 positions (the strands of a trunk), each reached through one front port.
POSITIONS = (MinValueValidator(1), MaxValueValidator(1024))


class RearPort(PortBase):
    """The back of a pass-through port (a patch panel's trunk side): its front ports map onto its positions.

    `peer_model_name` is empty: which ports a front or rear port may be cabled to is for the cable rules.
    """

    type = models.CharField(max_length=50, choices=PortTypeChoices.as_choices)
    positions = models.PositiveSmallIntegerField(
        default=1, validators=POSITIONS, help_text="The number of front ports that may map to this port."
    )

    def clean(self) -> None:
        super().clean()
        if self.pk is None or self.positions is None:
            return
        used = self.frontports.aggregate(models.Max("rear_port_position"))["rear_port_position__max"]
        if used is not None and used > self.positions:
            raise ValidationError(
                {"positions": f"A front port maps to position {used}: at least {used} positions are needed."}
            )


class FrontPort(PortBase):
    """The front of a pass-through port, mapped to one position of a rear port of the same device."""

    type = models.CharField(max_length=50, choices=PortTypeChoices.as_choices)
    rear_port = models.ForeignKey(RearPort, on_delete=models.CASCADE, related_name="frontports")
    rear_port_position = models.PositiveSmallIntegerField(
        default=1, validators=POSITIONS, help_text="The position of the rear port this front port maps to."
    )

    class Meta(PortBase.Meta):
        constraints = [
            *PortBase.Meta.constraints,
            models.UniqueConstraint(
                fields=["rear_port", "rear_port_position"], name="dcim_frontport_unique_rear_port_position"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        check_rear_port_mapping(self, "device")


def check_rear_port_mapping(front, owner: str) -> None:
    """A front port (or its template) maps to a rear port of the same device (or type), within its positions."""
    if front.rear_port_id is None:
        return
    rear = front.rear_port
    if getattr(rear, f"{owner}_id") != getattr(front, f"{owner}_id"):
        raise ValidationError(
            {"rear_port": f"Rear port {rear} belongs to another {rear._meta.get_field(owner).verbose_name}."}
        )
    if front.rear_port_position is not None and front.rear_port_position > rear.positions:
        raise ValidationError(
            {
                "rear_port_position": f"Rear port {rear} has {rear.positions} position(s); "
                f"{front.rear_port_position} is not one of them."
            }
        )
