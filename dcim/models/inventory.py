"""Inventory items: the parts of a device (cards, optics, fans) as discovered or recorded, nesting in one another."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from core.trees import TreeMixin


class InventoryItem(TreeMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A part of a device; `parent` nests it in another part of the same device (an optic in a line card)."""

    changelog_related_field = "device"

    device = models.ForeignKey("dcim.Device", on_delete=models.CASCADE, related_name="inventoryitems")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="child_items"
    )
    name = models.CharField(max_length=64)
    label = models.CharField(
        max_length=64, blank=True, help_text="Physical label, if it differs from the name."
    )
    manufacturer = models.ForeignKey(
        "dcim.Manufacturer", on_delete=models.PROTECT, null=True, blank=True, related_name="inventory_items"
    )
    part_id = models.CharField(max_length=50, blank=True, verbose_name="part ID")
    serial = models.CharField(max_length=50, blank=True, verbose_name="serial number")
    asset_tag = models.CharField(max_length=50, unique=True, null=True, blank=True)
    discovered = models.BooleanField(default=False, help_text="Found by automated discovery.")
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["device__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["device", "parent", "name"],
                name="dcim_inventoryitem_unique_device_parent_name",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display(self) -> str:
        return f"{self.device} \u203a {self.name}"

    def clean(self) -> None:
        super().clean()
        if (
            self.parent_id is not None
            and self.device_id is not None
            and self.parent.device_id != self.device_id
        ):
            raise ValidationError({"parent": f"{self.parent} is a part of another device."})

    def save(self, *args, **kwargs) -> None:
        self.asset_tag = self.asset_tag or None  # unique when given; any number of items have none
        super().save(*args, **kwargs)
