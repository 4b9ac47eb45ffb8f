"""Site groups, racks, rack groups and roles, reservations, power panels and feeds, each declared once:
pages, API, filters, search and menu follow."""

from __future__ import annotations

from rest_framework import serializers

from core.declarations import Related, add_related, declare, nested
from core.tables import Column
from dcim.filters.racks import (
    PowerPanelFilterSetBase,
    RackFilterSetBase,
    RackGroupFilterSetBase,
    RackReservationFilterSetBase,
)
from dcim.models import Location, PowerFeed, PowerPanel, Rack, RackGroup, RackReservation, RackRole, SiteGroup

NAMED = ("name", "slug", "description")

declare(
    SiteGroup,
    queryset=SiteGroup.objects.select_related("parent"),
    menu="Organization",
    columns=("name", "slug", "parent", "description"),
    related=(
        Related("Child groups", "dcim.sitegroup", "parent"),
        Related("Sites", "dcim.site", "group"),
    ),
    filters=("name", "slug", "parent"),
    list_filters=("parent",),
    search_fields=NAMED,
    form_fields=("name", "slug", "parent", "description"),
    api_fields=("name", "slug", "parent", "description"),
)

RACK_GROUP_FIELDS = ("name", "slug", "site", "location", "parent", "description")
declare(
    RackGroup,
    queryset=RackGroup.objects.select_related("site", "location", "parent"),
    menu="Organization",
    columns=("name", "site", "location", "parent", "description"),
    detail=RACK_GROUP_FIELDS,
    related=(
        Related("Child groups", "dcim.rackgroup", "parent"),
        Related("Racks", "dcim.rack", "group"),
    ),
    filters=("name", "slug", "site"),
    list_filters=("site",),
    search_fields=NAMED,
    filterset_base=RackGroupFilterSetBase,
    form_fields=RACK_GROUP_FIELDS,
    api_fields=RACK_GROUP_FIELDS,
)
# NetBox's rack roles: the roles (dcim.role) that apply to racks.
declare(
    RackRole,
    menu="Organization",
    columns=("name", "slug", "color", "description"),
    related=(Related("Racks", "dcim.rack", "role"),),
    filters=("name", "slug", "color"),
    search_fields=NAMED,
    form_fields=("name", "slug", "color", "description"),
    api_fields=("name", "slug", "color", "description"),
)

RACK_FIELDS = (
    "name",
    "facility_id",
    "site",
    "location",
    "group",
    "tenant",
    "status",
    "role",
    "serial",
    "asset_tag",
    "type",
    "width",
    "u_height",
    "desc_units",
    "outer_width",
    "outer_depth",
    "outer_unit",
    "comments",
)
declare(
    Rack,
    queryset=Rack.objects.select_related("site", "location", "group", "tenant", "status", "role"),
    menu="Organization",
    columns=("name", "site", "location", "group", "status", "facility_id", "tenant", "role", "u_height"),
    detail=RACK_FIELDS,
    related=(
        Related("Devices", "dcim.device", "rack"),
        Related("Reservations", "dcim.rackreservation", "rack"),
        Related("Power feeds", "dcim.powerfeed", "rack"),
    ),
    filters=(
        "name",
        "facility_id",
        "site",
        "group",
        "status",
        "tenant",
        "tenant_group=tenant__group",
        "serial",
        "asset_tag",
        "type",
        "width",
        "u_height",
        "desc_units",
    ),
    list_filters=("site", "group", "status", "role", "tenant"),
    search_fields=("name", "facility_id", "serial", "asset_tag", "comments"),
    filterset_base=RackFilterSetBase,
    form_fields=RACK_FIELDS,
    bulk_edit_fields=("group", "tenant", "status", "role", "type", "width", "u_height", "desc_units"),
    api_fields=(*RACK_FIELDS, "rack_group"),
    api_extra={
        "role": nested("dcim.rackrole", required=False, allow_null=True),
        # Nautobot 2.x's name of `group`, read-only: the same group.
        "rack_group": nested("dcim.rackgroup", source="group", read_only=True, allow_null=True),
        # Optional: a rack without one is active, as in NetBox.
        "status": nested("dcim.status", required=False),
    },
)
declare(
    RackReservation,
    queryset=RackReservation.objects.select_related("rack__site", "tenant", "user"),
    menu="Organization",
    columns=("__str__", "rack", "unit_list", "tenant", "user", "description"),
    detail=("rack", "rack.site", "unit_list", "tenant", "user", "description"),
    filters=("rack", "site=rack__site", "tenant", "tenant_group=tenant__group"),
    list_filters=("rack", "tenant"),
    search_fields=("description", "rack__name"),
    filterset_base=RackReservationFilterSetBase,
    form_fields=("rack", "units", "tenant", "user", "description"),
    api_fields=("rack", "units", "tenant", "user", "description"),
    brief_fields=("rack", "units"),
)

POWER_PANEL_FIELDS = ("name", "site", "location", "rack_group", "description", "comments")
declare(
    PowerPanel,
    queryset=PowerPanel.objects.select_related("site", "location", "rack_group"),
    menu="Devices",
    columns=("name", "site", "location", "rack_group", "description"),
    detail=POWER_PANEL_FIELDS,
    related=(Related("Power feeds", "dcim.powerfeed", "power_panel"),),
    filters=("name", "site"),
    list_filters=("site",),
    search_fields=("name", "description"),
    filterset_base=PowerPanelFilterSetBase,
    form_fields=POWER_PANEL_FIELDS,
    api_fields=POWER_PANEL_FIELDS,
)
POWER_FEED_FIELDS = (
    "power_panel",
    "rack",
    "name",
    "status",
    "type",
    "supply",
    "phase",
    "voltage",
    "amperage",
    "max_utilization",
    "mark_connected",
    "tenant",
    "description",
    "comments",
)
declare(
    PowerFeed,
    queryset=PowerFeed.objects.select_related("power_panel__site", "rack", "status", "tenant", "cable"),
    menu="Devices",
    columns=(
        "name",
        "power_panel",
        "rack",
        "status",
        "type",
        "supply",
        "voltage",
        "amperage",
        "phase",
        "cable",
    ),
    detail=(
        *POWER_FEED_FIELDS,
        "available_power",
        "cable",
        Column("connected_endpoint.display", label="Connected to", link=True),
    ),
    filters=(
        "name",
        "power_panel",
        "rack",
        "site=power_panel__site",
        "status",
        "type",
        "supply",
        "phase",
        "voltage",
        "amperage",
        "max_utilization",
        "mark_connected",
        "tenant",
    ),
    list_filters=("power_panel", "status", "type"),
    search_fields=("name", "description", "comments"),
    form_fields=POWER_FEED_FIELDS,
    api_fields=(*POWER_FEED_FIELDS, "available_power", "cable", "connected_endpoint", "connection_status"),
    api_extra={
        "status": nested("dcim.status", required=False),
        "available_power": serializers.IntegerField(read_only=True),
        "connected_endpoint": nested("dcim.powerport", read_only=True, allow_null=True),
        "connection_status": serializers.BooleanField(read_only=True, allow_null=True),
    },
)

# A location's page lists the racks there (Nautobot 2.x's view), as a site's does.
add_related(Location, Related("Racks", "dcim.rack", "location"))
