"""Filters of VRFs and route targets no declared name gives (the many-to-many route targets), and NetBox's
`present_in_vrf` of prefixes and addresses. The declarations (ipam/declarations/) build on these bases."""

from __future__ import annotations

from django.db.models import Q

from core.filters import BaseFilterSet, MultiValueCharFilter, RelatedIdFilter
from ipam.models import VRF, RouteTarget


def _targets(relation: str, label: str) -> dict:
    return {
        f"{relation}_id": RelatedIdFilter(RouteTarget, f"{relation}s", label=f"{label} (id)", distinct=True),
        relation: MultiValueCharFilter(
            field_name=f"{relation}s__name", label=f"{label} (name)", distinct=True
        ),
    }


def _vrfs(relation: str, label: str) -> dict:
    return {
        f"{relation}_id": RelatedIdFilter(VRF, f"{relation}s", label=f"{label} (id)", distinct=True),
        relation: MultiValueCharFilter(
            field_name=f"{relation}s__name", label=f"{label} (name)", distinct=True
        ),
    }


VRFFilterSetBase = type(
    "VRFFilterSetBase",
    (BaseFilterSet,),
    {
        **_targets("import_target", "Imports route target"),
        **_targets("export_target", "Exports route target"),
    },
)
RouteTargetFilterSetBase = type(
    "RouteTargetFilterSetBase",
    (BaseFilterSet,),
    {**_vrfs("importing_vrf", "Imported by VRF"), **_vrfs("exporting_vrf", "Exported by VRF")},
)


class PresentInVRFFilterMixin(BaseFilterSet):
    """NetBox's `present_in_vrf_id` / `present_in_vrf` (by RD): the objects of a VRF, and those of the VRFs
    exporting a route target it imports (what its routing table holds)."""

    present_in_vrf_id = RelatedIdFilter(
        VRF, "vrf", method="filter_present_in_vrf", label="Present in VRF (id)"
    )
    present_in_vrf = RelatedIdFilter(
        VRF, "vrf", method="filter_present_in_vrf", to_field_name="rd", label="Present in VRF (RD)"
    )

    def filter_present_in_vrf(self, queryset, name, vrfs):
        if not vrfs:
            return queryset
        query = Q()
        for vrf in vrfs:
            query |= Q(vrf=vrf) | Q(vrf__export_targets__in=vrf.import_targets.all())
        return queryset.filter(query).distinct()
