"""Where things are and what state they are in: Status, Region and SiteGroup (trees) and Site."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.validators import RegexValidator
from django.db import models

from core.models import AutoSlugMixin, BaseModel, ChangeLoggedMixin, InventoryMixin, RestrictedQuerySet
from core.trees import NestedGroup, ancestors_of
from dcim.fields import StatusField
from tenancy.models import tenant_field

color_validator = RegexValidator(
    r"^[0-9a-f]{6}$", "Enter a colour as six lower-case hex digits, e.g. 4caf50."
)


class ContentTypeRelatedQuerySet(RestrictedQuerySet):
    """Rows that apply to some models through `content_types` (statuses, roles), as Nautobot has them."""

    def get_for_model(self, model: type[models.Model] | models.Model) -> ContentTypeRelatedQuerySet:
        """The rows that apply to `model` (a class or an instance)."""
        meta = model._meta
        return self.filter(content_types__app_label=meta.app_label, content_types__model=meta.model_name)


StatusQuerySet = ContentTypeRelatedQuerySet


class Status(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A lifecycle state (active, planned, …) and the models it may be given to."""

    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(max_length=50, unique=True)
    color = models.CharField(
        max_length=6, default="9e9e9e", validators=[color_validator], verbose_name="colour"
    )
    description = models.CharField(max_length=200, blank=True)
    content_types = models.ManyToManyField(
        ContentType, related_name="statuses", help_text="The models this status may be given to."
    )

    objects = StatusQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "statuses"

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other) -> bool:
        # NetBox code compares a status with its value: `device.status == DeviceStatusChoices.STATUS_ACTIVE`.
        if isinstance(other, str):
            return self.slug == other
        return super().__eq__(other)

    __hash__ = BaseModel.__hash__


def status_field(model_label: str, related_name: str, *, required: bool = True) -> StatusField:
    """A status FK limited to the statuses that apply to the model `model_label` ("ipam.prefix"), in forms,
    the API and full_clean; `required=False` allows none (a Nautobot 1.x site may have no status).

    It also takes a status's slug, as NetBox code assigns and filters statuses (see dcim.fields.StatusField).
    """
    app_label, _, model_name = model_label.partition(".")
    return StatusField(
        Status,
        on_delete=models.PROTECT,
        null=not required,
        blank=not required,
        related_name=related_name,
        limit_choices_to={"content_types__app_label": app_label, "content_types__model": model_name},
        error_messages={"invalid": f"This status does not apply to {model_name} objects."},
    )


class Region(NestedGroup):
    """A geographic or organisational grouping of sites; regions nest through `parent`."""

    def delete(self, *args, **kwargs):
        # Its sites lose their region (SET_NULL): their locations, under the region's, go to the top with them
        # first, or the region's location (deleted with it) would be protected by them.
        location = location_of(self)
        if location is not None:
            location.children.filter(site__isnull=False).update(parent=None)
        return super().delete(*args, **kwargs)

    def get_ancestors(self) -> list[Region]:
        """Regions above this one, nearest first."""
        return ancestors_of(self)


class SiteGroup(NestedGroup):
    """A functional grouping of sites (NetBox): "edge", "core", "customer premises"; groups nest."""

    def get_ancestors(self) -> list[SiteGroup]:
        return ancestors_of(self)


def location_of(obj):
    """The location mirroring a region or site (dcim/locations.py), or None."""
    try:
        return obj.location
    except ObjectDoesNotExist:
        return None


class Site(AutoSlugMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A place where devices live: a campus, a branch office, a data centre."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Optional, as in Nautobot 1.x, whose jobs create sites without one.
    status = status_field("dcim.site", related_name="sites", required=False)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="sites")
    # NetBox's functional grouping, beside the geographic region; deleting a group leaves its sites ungrouped.
    group = models.ForeignKey(
        SiteGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="sites"
    )
    tenant = tenant_field("sites")
    facility = models.CharField(
        max_length=100, blank=True, help_text="Data centre provider or facility code."
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
