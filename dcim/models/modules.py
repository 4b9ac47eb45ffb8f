"""Bays and modules: a device's bays for child devices (DeviceBay) and for modules (ModuleBay), the hardware
models of modules (ModuleType) and the modules installed (Module), whose components go with them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from dcim.choices import ModuleStatusChoices
from dcim.models.organization import status_field


class BayBase(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A named slot on a device (its name unique there), as ports are named."""

    changelog_related_field = "device"

    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="%(class)ss")
    name = models.CharField(max_length=64)
    label = models.CharField(
        max_length=64, blank=True, help_text="Physical label, if it differs from the name."
    )
    description = models.CharField(max_length=200, blank=True)

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
        return f"{self.device} \u203a {self.name}"


class DeviceBay(BayBase):
    """A bay of a parent device (a blade chassis) holding at most one child device, which is in one bay only."""

    installed_device = models.OneToOneField(
        "dcim.Device", on_delete=models.SET_NULL, null=True, blank=True, related_name="parent_bay"
    )

    def clean(self) -> None:
        super().clean()
        if self.device_id is None:
            return
        errors = {}
        if not self.device.device_type.is_parent_device:
            errors["device"] = (
                f"Devices of type {self.device.device_type} have no device bays: the type is not a parent."
            )
        child = self.installed_device
        if child is not None:
            if child.pk == self.device_id:
                errors["installed_device"] = "A device cannot be installed in itself."
            elif not child.device_type.is_child_device:
                errors["installed_device"] = f"{child} is not a child device (its type is not a child type)."
        if errors:
            raise ValidationError(errors)


class ModuleBay(BayBase):
    """A slot of a device that takes one module (a line card, a power supply)."""

    position = models.CharField(
        max_length=30, blank=True, help_text="Identifies the bay among its siblings (a slot number)."
    )

    # Nautobot 2.x's name of the device a module bay belongs to.
    @property
    def parent_device(self):
        return self.device

    @parent_device.setter
    def parent_device(self, device) -> None:
        self.device = device


class ModuleType(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A hardware model of module, e.g. a 48-port line card."""

    manufacturer = models.ForeignKey(
        "dcim.Manufacturer", on_delete=models.PROTECT, related_name="module_types"
    )
    model = models.CharField(max_length=100)
    part_number = models.CharField(max_length=50, blank=True)
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["manufacturer__name", "model"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "model"], name="dcim_moduletype_unique_manufacturer_model"
            )
        ]

    def __str__(self) -> str:
        return self.model


class Module(ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A module installed in a bay of a device; the components it brings (`module` on them) go with it."""

    changelog_related_field = "device"

    # Optional to forms, the API and job code only: a module's device is its bay's (Nautobot 2.x gives a bay alone).
    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, blank=True, related_name="modules")
    module_bay = models.OneToOneField(ModuleBay, on_delete=models.CASCADE, related_name="installed_module")
    module_type = models.ForeignKey(ModuleType, on_delete=models.PROTECT, related_name="instances")
    # A Status row (Nautobot 2.x) that also takes NetBox's values ("planned"); "active" when none is given.
    status = status_field("dcim.module", related_name="modules")
    serial = models.CharField(max_length=50, blank=True, verbose_name="serial number")
    asset_tag = models.CharField(max_length=50, unique=True, null=True, blank=True)
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["device__name", "module_bay__name"]

    def __str__(self) -> str:
        return f"{self.module_bay.name}: {self.module_type}"

    # Nautobot 2.x's name of the bay a module is installed in.
    @property
    def parent_module_bay(self) -> ModuleBay:
        return self.module_bay

    @parent_module_bay.setter
    def parent_module_bay(self, bay: ModuleBay) -> None:
        self.module_bay = bay

    def _fill_defaults(self) -> None:
        """The bay's device when none is given, and NetBox's default status."""
        if self.device_id is None and self.module_bay_id is not None:
            self.device_id = self.module_bay.device_id
        if self.status_id is None:
            self.status = ModuleStatusChoices.STATUS_ACTIVE

    def clean_fields(self, exclude=None) -> None:
        self._fill_defaults()
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        bay = self.module_bay if self.module_bay_id is not None else None
        if bay is not None and self.device_id is not None and bay.device_id != self.device_id:
            raise ValidationError({"module_bay": f"Module bay {bay} belongs to another device."})

    def save(self, *args, **kwargs) -> None:
        self._fill_defaults()
        self.asset_tag = self.asset_tag or None  # unique when given; any number of modules have none
        super().save(*args, **kwargs)
