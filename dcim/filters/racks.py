"""Filters of racks, rack groups, reservations and power that no declared name gives: a location by id or name
with those below it (Nautobot 2.x), a rack group as Nautobot 2.x names it (`rack_group`, by id or name), a
rack's role by id, name or slug, a reservation's user by id or username."""

from __future__ import annotations

from core.filters import (
    BaseFilterSet,
    RelatedIdFilter,
    RelatedKeyFilter,
    TreeIdFilter,
    TreeKeyFilter,
    UserFilter,
)
from dcim.models import Location, RackGroup, RackRole


class PlacedFilterSetBase(BaseFilterSet):
    """Objects with a site and a location: `location`/`location_id` match the locations below too."""

    location_id = TreeIdFilter(Location, "location", label="Location (id), including those below it")
    location = TreeKeyFilter(Location, "location", label="Location (id or name), including those below it")


class RackGroupFilterSetBase(PlacedFilterSetBase):
    parent = RelatedKeyFilter(RackGroup, "parent", label="Parent group (id, slug or name)")


class RackFilterSetBase(PlacedFilterSetBase):
    # NetBox: group_id / group (slug); Nautobot 2.x: rack_group (id or name). Each with the groups below.
    rack_group = TreeKeyFilter(
        RackGroup, "group", label="Rack group (id, slug or name), including those below it"
    )
    role_id = RelatedIdFilter(RackRole, "role", label="Role (id)")
    role = RelatedKeyFilter(RackRole, "role", label="Role (id, name or slug)")


class RackReservationFilterSetBase(BaseFilterSet):
    user = UserFilter()


class PowerPanelFilterSetBase(PlacedFilterSetBase):
    rack_group = TreeKeyFilter(
        RackGroup, "rack_group", label="Rack group (id, slug or name), including those below it"
    )
