"""Tenants and their groups: whom a site, device, prefix or address belongs to."""

from __future__ import annotations

from django.db import models

from core.models import AutoSlugMixin, BaseModel, ChangeLoggedMixin, InventoryMixin
from core.trees import NestedGroup


class TenantGroup(NestedGroup):
    """A grouping of tenants (customers, business units); groups nest through `parent`."""


class Tenant(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A customer or department the inventory's objects belong to."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # NetBox and Nautobot 1.x call it `group`; Nautobot 2.x `tenant_group` (a property below).
    group = models.ForeignKey(
        TenantGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="tenants"
    )
    description = models.CharField(max_length=200, blank=True)
    comments = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tenant_group(self) -> TenantGroup | None:
        return self.group

    @tenant_group.setter
    def tenant_group(self, value: TenantGroup | None) -> None:
        self.group = value


def tenant_field(related_name: str) -> models.ForeignKey:
    """The `tenant` of an inventory model: optional, and a tenant still in use cannot be deleted."""
    return models.ForeignKey(
        Tenant, on_delete=models.PROTECT, null=True, blank=True, related_name=related_name
    )
