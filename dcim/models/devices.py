"""What devices are: Manufacturer, DeviceType, DeviceRole, Platform and Device itself."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin
from dcim.models.organization import color_validator, status_field


class Manufacturer(ChangeLoggedMixin, BaseModel):
    """A vendor of device hardware or software."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeviceType(ChangeLoggedMixin, BaseModel):
    """A hardware model of a manufacturer, e.g. "DCS-7150S-24"."""

    manufacturer = models.ForeignKey(Manufacturer, on_delete=models.PROTECT, related_name="device_types")
    model = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    part_number = models.CharField(max_length=50, blank=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["manufacturer__name", "model"]
        constraints = [
            models.UniqueConstraint(
                fields=["manufacturer", "model"], name="dcim_devicetype_unique_manufacturer_model"
            )
        ]

    def __str__(self) -> str:
        return self.model


class DeviceRole(ChangeLoggedMixin, BaseModel):
    """The function a device serves: router, access switch, console server…"""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    color = models.CharField(
        max_length=6, default="9e9e9e", validators=[color_validator], verbose_name="colour"
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Platform(ChangeLoggedMixin, BaseModel):
    """The software a device runs (e.g. "Cisco IOS-XE"), optionally tied to its vendor."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    manufacturer = models.ForeignKey(
        Manufacturer, on_delete=models.PROTECT, null=True, blank=True, related_name="platforms"
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Device(ChangeLoggedMixin, BaseModel):
    """A piece of equipment at a site; its ports and addresses hang off it."""

    name = models.CharField(max_length=64)
    site = models.ForeignKey("dcim.Site", on_delete=models.PROTECT, related_name="devices")
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="devices")
    role = models.ForeignKey(DeviceRole, on_delete=models.PROTECT, related_name="devices")
    platform = models.ForeignKey(
        Platform, on_delete=models.SET_NULL, null=True, blank=True, related_name="devices"
    )
    status = status_field("dcim.device", related_name="devices")
    serial = models.CharField(max_length=50, blank=True, verbose_name="serial number")
    primary_ip4 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="primary IPv4",
    )
    primary_ip6 = models.ForeignKey(
        "ipam.IPAddress",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="primary IPv6",
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="dcim_device_unique_site_name")]

    def __str__(self) -> str:
        return self.name

    # Nautobot 1.x calls the role `device_role`; accepting it keeps jobs written for it working unchanged.
    @property
    def device_role(self) -> DeviceRole:
        return self.role

    @device_role.setter
    def device_role(self, value: DeviceRole) -> None:
        self.role = value

    @property
    def primary_ip(self):
        """The primary address, IPv6 preferred when both are set."""
        return self.primary_ip6 or self.primary_ip4

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field_name, version in (("primary_ip4", 4), ("primary_ip6", 6)):
            address = getattr(self, field_name)
            if address is None:
                continue
            if address.ip_version != version:
                errors[field_name] = f"{address} is not an IPv{version} address."
            elif address.assigned_interface is None or address.assigned_interface.device_id != self.pk:
                errors[field_name] = f"{address} is not assigned to an interface of this device."
        if errors:
            raise ValidationError(errors)
