"""Namespaces, VRFs and route targets, declared once: pages, API, filters, search and menu follow
(core/declarations). Prefixes and addresses name their VRF and namespace in ipam/declarations/ip.py."""

from __future__ import annotations

from core.api.serializers import BaseModelSerializer
from core.declarations import Related, declare, nested
from core.tables import Column
from ipam.api.fields import BriefRelatedField
from ipam.models import VRF, Namespace, RouteTarget
from ipam.vrf_filters import RouteTargetFilterSetBase, VRFFilterSetBase

MENU = "IPAM"
NAMESPACE_FIELDS = ("name", "description", "location", "tenant")
declare(
    Namespace,
    queryset=Namespace.objects.select_related("location", "tenant"),
    menu=MENU,
    columns=(Column("name", link=True), "description", "location", "tenant"),
    related=(
        Related("VRFs", "ipam.vrf", "namespace"),
        Related("Prefixes", "ipam.prefix", "namespace"),
        Related("IP addresses", "ipam.ipaddress", "namespace"),
    ),
    filters=("name", "location", "tenant", "tenant_group=tenant__group"),
    search_fields=("name", "description"),
    form_fields=NAMESPACE_FIELDS,
    api_fields=NAMESPACE_FIELDS,
    brief_fields=("name",),
)


class VRFSerializerBase(BaseModelSerializer):
    """The model judges the RD's uniqueness (its namespace defaults to Global): DRF's unique-together check
    would call the namespace required."""

    class Meta:
        validators = []


VRF_FIELDS = ("name", "rd", "namespace", "status", "tenant", "enforce_unique", "description")
declare(
    VRF,
    queryset=VRF.objects.select_related("namespace", "status", "tenant"),
    api_queryset=VRF.objects.select_related("namespace", "status", "tenant").prefetch_related(
        "import_targets", "export_targets"
    ),
    path="vrfs",
    menu=MENU,
    columns=(
        Column("name", link=True),
        Column("rd", label="RD"),
        "namespace",
        "status",
        "tenant",
        "enforce_unique",
        "description",
    ),
    detail=VRF_FIELDS,
    related=(
        Related("Import targets", "ipam.routetarget", "importing_vrfs", filter_param="importing_vrf_id"),
        Related("Export targets", "ipam.routetarget", "exporting_vrfs", filter_param="exporting_vrf_id"),
        Related("Prefixes", "ipam.prefix", "vrf"),
        Related("IP addresses", "ipam.ipaddress", "vrf"),
    ),
    filters=(
        "name",
        "rd",
        "namespace",
        "status",
        "tenant",
        "tenant_group=tenant__group",
        "enforce_unique",
    ),
    list_filters=("namespace", "tenant"),
    search_fields=("name", "rd", "description"),
    filterset_base=VRFFilterSetBase,
    serializer_base=VRFSerializerBase,
    form_fields=(*VRF_FIELDS, "import_targets", "export_targets"),
    api_fields=(*VRF_FIELDS, "import_targets", "export_targets"),
    api_extra={
        # A namespace left out is the Global one (the model's default).
        "namespace": nested("ipam.namespace", required=False),
        "import_targets": BriefRelatedField("ipam.routetarget", many=True, required=False),
        "export_targets": BriefRelatedField("ipam.routetarget", many=True, required=False),
    },
    brief_fields=("name", "rd"),
)

ROUTE_TARGET_FIELDS = ("name", "tenant", "description")
declare(
    RouteTarget,
    queryset=RouteTarget.objects.select_related("tenant"),
    path="route-targets",
    menu=MENU,
    columns=(Column("name", link=True), "tenant", "description"),
    related=(
        Related("Importing VRFs", "ipam.vrf", "import_targets", filter_param="import_target_id"),
        Related("Exporting VRFs", "ipam.vrf", "export_targets", filter_param="export_target_id"),
    ),
    filters=("name", "tenant", "tenant_group=tenant__group"),
    search_fields=("name", "description"),
    filterset_base=RouteTargetFilterSetBase,
    form_fields=ROUTE_TARGET_FIELDS,
    api_fields=ROUTE_TARGET_FIELDS,
    brief_fields=("name",),
)
