"""Nautobot 2.x's places: LocationType (a tree of kinds of place, each saying which models its locations may
hold) and Location (a tree of places, each of a type). Sites and regions have theirs (see dcim/locations.py)."""

from __future__ import annotations

import zoneinfo
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models

from core.models import BaseModel, ChangeLoggedMixin, InventoryMixin
from core.trees import TreeMixin, ancestors_of, descendant_ids_of
from dcim.models.organization import ContentTypeRelatedQuerySet, status_field
from tenancy.models import tenant_field

# The location types of the regions' and the sites' locations (dcim/locations.py keeps them in step).
REGION_TYPE = "Region"
SITE_TYPE = "Site"


class LocationType(TreeMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A kind of place (Region, Site, Building, Floor…). Types form a tree: a location's parent is of its type's
    parent type, or of its own type when that is `nestable`. `content_types` are the models (dcim.device,
    ipam.prefix…) a location of this type may hold."""

    name = models.CharField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    nestable = models.BooleanField(
        default=False, help_text="Locations of this type may be parents and children of each other."
    )
    description = models.CharField(max_length=200, blank=True)
    content_types = models.ManyToManyField(
        ContentType,
        related_name="location_types",
        blank=True,
        help_text="The models a location of this type may hold.",
    )

    objects = ContentTypeRelatedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[LocationType]:
        return ancestors_of(self)

    def allows(self, model: type[models.Model] | models.Model) -> bool:
        """Whether a location of this type may hold objects of `model`."""
        meta = model._meta
        return self.content_types.filter(app_label=meta.app_label, model=meta.model_name).exists()


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value and value not in time_zones():
        raise ValidationError(f"{value!r} is not a time zone name (e.g. Europe/Paris).")


class Location(TreeMixin, ChangeLoggedMixin, InventoryMixin, BaseModel):
    """A place of a LocationType in a tree of places: campus, building, floor, room. A Location mirroring a Site
    or a Region (`site`, `region`) is kept in step with it, so both views of the inventory agree."""

    name = models.CharField(max_length=100)
    location_type = models.ForeignKey(LocationType, on_delete=models.PROTECT, related_name="locations")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    status = status_field("dcim.location", related_name="locations")
    tenant = tenant_field("locations")
    facility = models.CharField(
        max_length=100, blank=True, help_text="Data centre provider or facility code."
    )
    physical_address = models.TextField(blank=True)
    time_zone = models.CharField(max_length=63, blank=True, validators=[validate_time_zone])
    description = models.CharField(max_length=200, blank=True)
    # The site or region this location stands for, if it is a site's or a region's (dcim/locations.py).
    site = models.OneToOneField(
        "dcim.Site", on_delete=models.CASCADE, null=True, blank=True, editable=False, related_name="location"
    )
    region = models.OneToOneField(
        "dcim.Region",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="location",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="dcim_location_unique_parent_name", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self, include_self: bool = False) -> models.QuerySet:
        """Locations above this one (and itself if asked), from the top down, as Nautobot 2.x's tree queries
        give them: a queryset, so `location.ancestors().filter(location_type__name="Site")` works."""
        chain = [*reversed(ancestors_of(self)), *([self] if include_self else [])]
        if not chain:
            return Location.objects.none()
        order = models.Case(
            *(models.When(pk=node.pk, then=models.Value(depth)) for depth, node in enumerate(chain)),
            output_field=models.IntegerField(),
        )
        return Location.objects.filter(pk__in=[node.pk for node in chain]).order_by(order)

    def descendants(self, include_self: bool = False) -> models.QuerySet:
        """Locations below this one (and itself if asked), as Nautobot 2.x's tree queries give them."""
        return Location.objects.filter(
            pk__in=descendant_ids_of(Location, [self.pk], include_self=include_self)
        )

    def clean(self) -> None:
        super().clean()
        if self.location_type_id is None:
            return
        kind = self.location_type
        allowed = [t for t in (kind.parent, kind if kind.nestable else None) if t is not None]
        if self.parent is None:
            if kind.parent is not None and not self.stands_alone():
                raise ValidationError(
                    {"parent": f"A location of type {kind} needs a parent location of type {kind.parent}."}
                )
        elif self.parent.location_type_id not in {t.pk for t in allowed}:
            expected = " or ".join(str(t) for t in allowed) or "none (it is a top-level type)"
            found = self.parent.location_type
            raise ValidationError(
                {"parent": f"A location of type {kind} may have a parent of type {expected}, not {found}."}
            )

    def stands_alone(self) -> bool:
        """Whether this location may be top-level although its type has a parent type: a site's location, as a
        site may be in no region (dcim/locations.py)."""
        return self.site_id is not None or self.location_type.name == SITE_TYPE
