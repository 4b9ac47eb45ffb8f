"""Statuses, regions, sites, locations and their types, declared once each (core/declarations)."""

from __future__ import annotations

from core.declarations import Related, declare, nested
from core.tables import Column
from dcim.api.nested_serializers import NestedStatusSerializerBase
from dcim.declarations.common import (
    NAMED,
)
from dcim.filters import (
    ContentTypesFilterSetBase,
    LocationFilterSetBase,
    LocationTypeFilterSetBase,
    RegionFilterSetBase,
)
from dcim.forms import (
    LocationTypeFormBase,
    RoleFormBase,
    SiteFormBase,
    StatusFormBase,
)
from dcim.models import (
    Location,
    LocationType,
    Region,
    Role,
    Site,
    Status,
)

# --- Organization ------------------------------------------------------------------------------------
declare(
    Region,
    queryset=Region.objects.select_related("parent"),
    menu="Organization",
    columns=("name", "slug", "parent", "description"),
    related=(Related("Child regions", "dcim.region", "parent"), Related("Sites", "dcim.site", "region")),
    filters=("name", "slug", "parent"),
    list_filters=("parent",),
    search_fields=NAMED,
    filterset_base=RegionFilterSetBase,
    form_fields=("name", "slug", "parent", "description"),
    api_fields=("name", "slug", "parent", "description"),
)
declare(
    Site,
    queryset=Site.objects.select_related("status", "region", "group", "tenant"),
    menu="Organization",
    columns=("name", "status", "region", "group", "tenant", "facility", "description"),
    related=(
        Related("Racks", "dcim.rack", "site"),
        Related("Devices", "dcim.device", "site"),
    ),
    filters=("name", "slug", "status", "region", "group", "facility", "tenant", "tenant_group=tenant__group"),
    list_filters=("status", "region", "group", "tenant"),
    search_fields=("name", "slug", "facility", "description"),
    form_fields=("name", "slug", "status", "region", "group", "tenant", "facility", "description"),
    form_base=SiteFormBase,
    api_fields=("name", "slug", "status", "region", "group", "tenant", "facility", "description"),
    # Required through the API as through the form (Nautobot's REST API requires it too); job code may omit it.
    api_extra={"status": nested("dcim.status")},
)
declare(
    LocationType,
    queryset=LocationType.objects.select_related("parent"),
    api_queryset=LocationType.objects.select_related("parent").prefetch_related("content_types"),
    menu="Organization",
    columns=("name", "parent", "nestable", "description"),
    detail=("name", "parent", "nestable", "description", Column("content_types.all", label="Holds")),
    related=(
        Related("Child types", "dcim.locationtype", "parent"),
        Related("Locations", "dcim.location", "location_type"),
    ),
    filters=("name", "nestable"),
    list_filters=("parent",),
    search_fields=("name", "description"),
    filterset_base=LocationTypeFilterSetBase,
    form_fields=("name", "parent", "nestable", "content_types", "description"),
    form_base=LocationTypeFormBase,
    api_fields=("name", "parent", "nestable", "content_types", "description"),
    brief_fields=("name",),
)
LOCATION_FIELDS = (
    "name",
    "location_type",
    "parent",
    "status",
    "tenant",
    "facility",
    "physical_address",
    "time_zone",
    "description",
)
declare(
    Location,
    queryset=Location.objects.select_related("location_type", "parent", "status", "tenant", "site", "region"),
    menu="Organization",
    columns=("name", "location_type", "parent", "status", "facility", "description"),
    # The site or region this location stands for, in the 1.x / NetBox view (dcim/locations.py).
    detail=(*LOCATION_FIELDS, "site", "region"),
    related=(
        Related("Child locations", "dcim.location", "parent"),
        Related("Devices", "dcim.device", "location"),
    ),
    filters=("name", "status", "facility", "tenant", "tenant_group=tenant__group"),
    list_filters=("location_type", "status"),
    search_fields=("name", "facility", "description"),
    filterset_base=LocationFilterSetBase,
    form_fields=LOCATION_FIELDS,
    api_fields=LOCATION_FIELDS,
    api_extra={"status": nested("dcim.status")},
    brief_fields=("name",),
)
declare(
    Status,
    api_queryset=Status.objects.prefetch_related("content_types"),
    menu="Organization",
    columns=("name", "slug", "color", "description"),
    detail=("name", "slug", "color", "description", Column("content_types.all", label="Applies to")),
    filters=("name", "slug", "color"),
    search_fields=NAMED,
    filterset_base=ContentTypesFilterSetBase,
    form_fields=("name", "slug", "color", "content_types", "description"),
    form_base=StatusFormBase,
    api_fields=("name", "slug", "color", "description", "content_types"),
    brief_fields=("name", "slug", "color"),
    nested_base=NestedStatusSerializerBase,
)
declare(
    Role,
    api_queryset=Role.objects.prefetch_related("content_types"),
    menu="Organization",
    columns=("name", "slug", "color", "weight", "description"),
    detail=(
        "name",
        "slug",
        "color",
        "weight",
        "description",
        Column("content_types.all", label="Applies to"),
    ),
    related=(Related("Devices", "dcim.device", "role"),),
    filters=("name", "slug", "color", "weight"),
    search_fields=NAMED,
    filterset_base=ContentTypesFilterSetBase,
    form_fields=("name", "slug", "color", "weight", "content_types", "description"),
    form_base=RoleFormBase,
    api_fields=("name", "slug", "color", "weight", "description", "content_types"),
    brief_fields=("name", "slug", "color"),
)
