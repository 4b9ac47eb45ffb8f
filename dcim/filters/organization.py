"""Filters for statuses, regions and sites."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from dcim.filters.base import (
    MultiValueCharFilter,
    NamedFilterSet,
    RelatedIdFilter,
    RelatedSlugFilter,
)
from dcim.models import Region, Site, Status
from dcim.models.organization import descendant_region_ids


class RegionTreeMixin:
    """Matches objects in the given regions or any region below them."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(
            **{f"{self.relation}__in": descendant_region_ids([region.pk for region in value])}
        )


class RegionTreeFilter(RegionTreeMixin, RelatedIdFilter):
    pass


class RegionTreeSlugFilter(RegionTreeMixin, RelatedSlugFilter):
    pass


def status_filters() -> tuple[RelatedSlugFilter, RelatedIdFilter]:
    """`status=<slug>` and `status_id=<uuid>`, both repeatable."""
    return RelatedSlugFilter(Status, "status"), RelatedIdFilter(Status, "status")


class StatusFilterSet(NamedFilterSet):
    content_types = MultiValueCharFilter(
        method="filter_content_types", label="Applies to model (app_label.model, e.g. dcim.device)"
    )

    class Meta:
        model = Status
        fields = ["color"]

    def filter_content_types(self, queryset, name, value):
        query = Q()
        for label in value:
            app_label, _, model = label.lower().partition(".")
            query |= Q(content_types__app_label=app_label, content_types__model=model)
        return queryset.filter(query).distinct() if value else queryset


class RegionFilterSet(NamedFilterSet):
    parent_id = RelatedIdFilter(Region, "parent")
    parent = RelatedSlugFilter(Region, "parent")
    has_parent = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Region
        fields = []


class SiteFilterSet(NamedFilterSet):
    search_fields = ("name", "slug", "facility", "description")

    region_id = RegionTreeFilter(Region, "region", label="Region (id), including the regions below it")
    region = RegionTreeSlugFilter(Region, "region", label="Region (slug), including the regions below it")
    status, status_id = status_filters()
    facility = MultiValueCharFilter()

    class Meta:
        model = Site
        fields = []
