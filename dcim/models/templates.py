"""Component templates: what a device type promises each of its devices (ports, bays), made into the device's
components when the device is created (dcim/components.py). Names and fields are NetBox's."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import InterfaceTypeChoices, PortTypeChoices
from dcim.models.ports import POSITIONS, check_rear_port_mapping


class ComponentTemplate(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A name unique on its device type, a label and a description: what every component has."""

    changelog_related_field = "device_type"  # a template's changes show in its type's change log too

    device_type = models.ForeignKey("dcim.DeviceType", on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(max_length=64)
    label = models.CharField(
        max_length=64, blank=True, help_text="Physical label, if it differs from the name."
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["device_type__model", "name"]
        constraints = [
            models.UniqueConstraint(fields=["device_type", "name"], name="dcim_%(class)s_unique_type_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        return f"{self.device_type} \u203a {self.name}"

    def component_fields(self) -> dict:
        """The fields the component made from this template is given, besides its device."""
        return {"name": self.name, "label": self.label, "description": self.description}


class ConsolePortTemplate(ComponentTemplate):
    pass


class ConsoleServerPortTemplate(ComponentTemplate):
    pass


class PowerPortTemplate(ComponentTemplate):
    pass


class PowerOutletTemplate(ComponentTemplate):
    pass


class InterfaceTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=InterfaceTypeChoices.as_choices)
    enabled = models.BooleanField(default=True)
    mgmt_only = models.BooleanField(
        default=False, verbose_name="management only", help_text="Used only for out-of-band management."
    )

    def component_fields(self) -> dict:
        return {
            **super().component_fields(),
            "type": self.type,
            "enabled": self.enabled,
            "mgmt_only": self.mgmt_only,
        }


class RearPortTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=PortTypeChoices.as_choices)
    positions = models.PositiveSmallIntegerField(default=1, validators=POSITIONS)

    def clean(self) -> None:
        super().clean()
        if self.pk is None or self.positions is None:
            return
        used = self.frontporttemplates.aggregate(models.Max("rear_port_position"))["rear_port_position__max"]
        if used is not None and used > self.positions:
            raise ValidationError(
                {"positions": f"A front port maps to position {used}: at least {used} positions are needed."}
            )

    def component_fields(self) -> dict:
        return {**super().component_fields(), "type": self.type, "positions": self.positions}


class FrontPortTemplate(ComponentTemplate):
    type = models.CharField(max_length=50, choices=PortTypeChoices.as_choices)
    rear_port = models.ForeignKey(
        RearPortTemplate, on_delete=models.CASCADE, related_name="frontporttemplates"
    )
    rear_port_position = models.PositiveSmallIntegerField(default=1, validators=POSITIONS)

    class Meta(ComponentTemplate.Meta):
        constraints = [
            *ComponentTemplate.Meta.constraints,
            models.UniqueConstraint(
                fields=["rear_port", "rear_port_position"], name="dcim_frontporttemplate_unique_rear_position"
            ),
        ]

    def clean(self) -> None:
        super().clean()
        check_rear_port_mapping(self, "device_type")

    def component_fields(self) -> dict:
        # The rear port is the device's port made from `rear_port` (dcim/components.py binds it).
        return {
            **super().component_fields(),
            "type": self.type,
            "rear_port_position": self.rear_port_position,
        }


class DeviceBayTemplate(ComponentTemplate):
    def clean(self) -> None:
        super().clean()
        if self.device_type_id is not None and not self.device_type.is_parent_device:
            raise ValidationError(
                {
                    "device_type": f"Devices of type {self.device_type} hold no child devices: it is not a parent type."
                }
            )


class ModuleBayTemplate(ComponentTemplate):
    position = models.CharField(max_length=30, blank=True)

    def component_fields(self) -> dict:
        return {**super().component_fields(), "position": self.position}
