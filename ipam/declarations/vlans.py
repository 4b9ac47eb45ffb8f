"""VLAN groups and VLANs, declared once: pages, API, filters, search and menu follow (core/declarations)."""

from __future__ import annotations

from rest_framework import serializers

from core.declarations import Related, add_related, declare
from core.tables import Column
from dcim import declarations as dcim_declarations  # noqa: F401 - the pages IPAM adds its lists to
from ipam.api.vlans import VLANSerializerBase
from ipam.filters import VLANFilterSetBase
from ipam.models import VLAN, VLANGroup

GROUP_FIELDS = ("name", "slug", "site", "location", "min_vid", "max_vid", "description")
declare(
    VLANGroup,
    queryset=VLANGroup.objects.select_related("site", "location"),
    menu="IPAM",
    columns=(Column("name", link=True), "site", "location", "min_vid", "max_vid", "description"),
    detail=(
        *GROUP_FIELDS,
        Column("range", label="Range"),
        Column("get_next_available_vid", label="Next free VLAN ID"),
    ),
    related=(Related("VLANs", "ipam.vlan", "group"),),
    filters=("name", "slug", "site", "region=site__region", "location", "min_vid", "max_vid"),
    list_filters=("site",),
    search_fields=("name", "description"),
    form_fields=GROUP_FIELDS,
    api_fields=(*GROUP_FIELDS, "range"),
    api_extra={"range": serializers.CharField(read_only=True, help_text='Nautobot 2.x\'s "min-max".')},
    brief_fields=("name", "slug"),
)

VLAN_FIELDS = ("vid", "name", "group", "site", "location", "status", "role", "tenant", "description")
declare(
    VLAN,
    queryset=VLAN.objects.select_related("group", "site", "location", "status", "role", "tenant"),
    menu="IPAM",
    columns=(
        Column("vid", label="VID", link=True),
        Column("name", link=True),
        "group",
        "site",
        "status",
        "role",
        "tenant",
        "description",
    ),
    detail=VLAN_FIELDS,
    related=(
        Related("Prefixes", "ipam.prefix", "vlan"),
        Related("Interfaces (untagged)", "dcim.interface", "untagged_vlan"),
        Related("Interfaces (tagged)", "dcim.interface", "tagged_vlans", filter_param="vlan_id"),
        Related("VM interfaces (untagged)", "virtualization.vminterface", "untagged_vlan"),
        Related(
            "VM interfaces (tagged)", "virtualization.vminterface", "tagged_vlans", filter_param="vlan_id"
        ),
    ),
    filters=(
        "vid",
        "name",
        "group",
        "vlan_group=group",
        "site",
        "region=site__region",
        "location",
        "role",
        "status",
        "tenant",
        "tenant_group=tenant__group",
    ),
    list_filters=("group", "site", "status", "role"),
    search_fields=("name", "description"),
    filterset_base=VLANFilterSetBase,
    form_fields=VLAN_FIELDS,
    api_fields=VLAN_FIELDS,
    serializer_base=VLANSerializerBase,
    brief_fields=("vid", "name"),
)

# VLANs on the pages of the places and interfaces they serve (dcim knows nothing of IPAM).
add_related("dcim.site", Related("VLAN groups", "ipam.vlangroup", "site"))
add_related("dcim.site", Related("VLANs", "ipam.vlan", "site"))
add_related("dcim.location", Related("VLANs", "ipam.vlan", "location"))
add_related("dcim.role", Related("VLANs", "ipam.vlan", "role"))
add_related("dcim.interface", Related("Tagged VLANs", "ipam.vlan", "interfaces_as_tagged", filter_param=None))
