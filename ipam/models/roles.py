"""NetBox's `ipam.Role` (the roles of prefixes, IP ranges and VLANs) as a view of the one Role model."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from dcim.models import Role as BaseRole
from dcim.models.organization import ContentTypeRelatedQuerySet

# The IPAM models a NetBox ipam.Role applies to (vlan only once that model exists).
IPAM_ROLE_MODELS = ("prefix", "iprange", "vlan")


def ipam_role_content_types() -> list[ContentType]:
    """The content types of the IPAM models that take a role, among the installed ones."""
    models_ = []
    for name in IPAM_ROLE_MODELS:
        try:
            models_.append(apps.get_model("ipam", name))
        except LookupError:
            continue
    return list(ContentType.objects.get_for_models(*models_).values())


class RoleManager(models.Manager.from_queryset(ContentTypeRelatedQuerySet)):
    def get_queryset(self) -> ContentTypeRelatedQuerySet:
        through = BaseRole.content_types.through.objects.filter(
            contenttype__app_label="ipam", contenttype__model__in=IPAM_ROLE_MODELS
        )
        return super().get_queryset().filter(pk__in=through.values("role_id"))


class Role(BaseRole):
    """A role for prefixes, IP ranges and VLANs (NetBox's ipam.Role): a Role whose content types include one
    of them. Saving one makes it apply to all three, so `Role.objects.create(name=..., slug=...)` in a NetBox
    script gives a role that `Prefix.role` accepts."""

    objects = RoleManager()

    class Meta:
        proxy = True
        ordering = ["name"]
        # Told apart from every role (dcim's Role) in the menu and the global search.
        verbose_name = "IPAM role"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.content_types.add(*ipam_role_content_types())
