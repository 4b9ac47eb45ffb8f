"""RIRs, aggregates, IP ranges, IPAM roles and services, declared once: pages, API, filters, search and menu
follow (core/declarations)."""

from __future__ import annotations

from rest_framework import serializers

from core.declarations import Related, add_related, declare, nested
from core.tables import Column
from ipam.api.fields import IPAddressWithMaskField, IPNetworkField, NestedAddressField
from ipam.declarations import ip  # noqa: F401 - prefixes and addresses, whose pages these add to
from ipam.models import RIR, Aggregate, IPRange, Role, Service
from ipam.range_filters import AggregateFilterSetBase, IPRangeFilterSetBase, ServiceFilterSetBase
from ipam.range_forms import AggregateFormBase, IPRangeFormBase, ServiceFormBase

MENU = "IPAM"
NAMED = ("name", "slug", "description")

declare(
    RIR,
    menu=MENU,
    columns=("name", "slug", "is_private", "description"),
    related=(Related("Aggregates", "ipam.aggregate", "rir"),),
    filters=("name", "slug", "is_private"),
    search_fields=NAMED,
    form_fields=("name", "slug", "is_private", "description"),
    api_fields=("name", "slug", "is_private", "description"),
)

AGGREGATE_FIELDS = ("prefix", "rir", "tenant", "date_added", "description")
declare(
    Aggregate,
    queryset=Aggregate.objects.select_related("rir", "tenant"),
    menu=MENU,
    columns=(Column("prefix", link=True, order_by="network"), "rir", "tenant", "date_added", "description"),
    detail=(
        "prefix",
        Column("ip_version", label="IP version"),
        "rir",
        "tenant",
        "date_added",
        Column("get_utilization", label="Utilization (%)"),
        "description",
    ),
    related=(
        Related(
            "Prefixes",
            "ipam.prefix",
            lambda aggregate: {
                "network__gte": aggregate.network,
                "broadcast__lte": aggregate.broadcast,
                "prefix_length__gte": aggregate.prefix_length,
            },
            filter_param="within_include",
            filter_value=lambda aggregate: aggregate.prefix,
        ),
    ),
    filters=("ip_version", "prefix_length", "rir", "tenant", "tenant_group=tenant__group"),
    list_filters=("rir", "tenant"),
    search_fields=("description",),
    filterset_base=AggregateFilterSetBase,
    form_fields=AGGREGATE_FIELDS,
    form_base=AggregateFormBase,
    api_fields=(
        "prefix",
        "ip_version",
        "family",
        "prefix_length",
        "rir",
        "tenant",
        "date_added",
        "description",
    ),
    api_extra={
        "prefix": IPNetworkField(help_text='The network, e.g. "203.0.113.0/24" (host bits must be zero).'),
        "family": serializers.IntegerField(read_only=True, help_text="NetBox's name of the IP version."),
    },
    brief_fields=("prefix",),
)

RANGE_FORM = ("start_address", "end_address", "status", "role", "tenant", "mark_utilized", "description")
declare(
    IPRange,
    queryset=IPRange.objects.select_related("status", "role", "tenant"),
    menu=MENU,
    columns=(
        Column("start_address", label="Start address", link=True, order_by="start_host"),
        Column("end_address", label="End address", order_by="end_host"),
        Column("size", order_by=""),
        "status",
        "role",
        "tenant",
        "description",
    ),
    detail=(
        "start_address",
        "end_address",
        Column("size"),
        Column("ip_version", label="IP version"),
        "status",
        "role",
        "tenant",
        "mark_utilized",
        Column("utilization", label="Utilization (%)"),
        Column("first_available_ip", label="First available IP"),
        "description",
    ),
    related=(
        Related(
            "IP addresses",
            "ipam.ipaddress",
            lambda ip_range: {"host__gte": ip_range.start_host, "host__lte": ip_range.end_host},
        ),
    ),
    filters=(
        "ip_version",
        "mask_length",
        "status",
        "role",
        "tenant",
        "tenant_group=tenant__group",
        "mark_utilized",
    ),
    list_filters=("status", "role", "tenant"),
    search_fields=("description",),
    filterset_base=IPRangeFilterSetBase,
    form_fields=RANGE_FORM,
    form_base=IPRangeFormBase,
    api_fields=(
        "start_address",
        "end_address",
        "size",
        "ip_version",
        "family",
        "status",
        "role",
        "tenant",
        "mark_utilized",
        "description",
    ),
    api_extra={
        "start_address": IPAddressWithMaskField(
            help_text='The first address with its mask, "10.0.0.100/24".'
        ),
        "end_address": IPAddressWithMaskField(help_text='The last address with its mask, "10.0.0.199/24".'),
        "size": serializers.IntegerField(
            read_only=True, help_text="Addresses in the range, both ends included."
        ),
        "family": serializers.IntegerField(read_only=True, help_text="NetBox's name of the IP version."),
        "status": nested("dcim.status"),
    },
    brief_fields=("start_address", "end_address"),
)

# NetBox's ipam.Role: the roles of prefixes, IP ranges and VLANs (the same rows as dcim's Role).
declare(
    Role,
    path="roles",
    menu=MENU,
    columns=("name", "slug", "weight", "description"),
    related=(
        Related("Prefixes", "ipam.prefix", "role"),
        Related("IP ranges", "ipam.iprange", "role"),
    ),
    filters=("name", "slug", "weight"),
    search_fields=NAMED,
    form_fields=("name", "slug", "color", "weight", "description"),
    api_fields=("name", "slug", "color", "weight", "description"),
)

SERVICE_FIELDS = ("device", "virtual_machine", "name", "protocol", "ports", "ipaddresses", "description")
declare(
    Service,
    queryset=Service.objects.select_related("device", "virtual_machine"),
    api_queryset=Service.objects.select_related("device", "virtual_machine").prefetch_related("ipaddresses"),
    menu=MENU,
    columns=(
        Column("name", link=True),
        Column("device", link=True),
        Column("virtual_machine", link=True),
        "protocol",
        Column("port_list", label="Ports", order_by="ports"),
        "description",
    ),
    detail=(
        "name",
        "device",
        "virtual_machine",
        "protocol",
        Column("port_list", label="Ports"),
        "description",
    ),
    related=(Related("IP addresses", "ipam.ipaddress", "services"),),
    filters=("name", "protocol", "device", "virtual_machine"),
    list_filters=("protocol", "device", "virtual_machine"),
    search_fields=("name", "description"),
    filterset_base=ServiceFilterSetBase,
    form_fields=SERVICE_FIELDS,
    form_base=ServiceFormBase,
    api_fields=(*SERVICE_FIELDS, "ip_addresses"),
    api_extra={
        "ipaddresses": NestedAddressField(many=True, required=False),
        # Nautobot 2.x's name, read only.
        "ip_addresses": NestedAddressField(many=True, read_only=True, source="ipaddresses"),
    },
    brief_fields=("name", "protocol", "ports"),
)

# Roles and services on the pages and APIs of prefixes, addresses, devices and virtual machines.
add_related("dcim.device", Related("Services", "ipam.service", "device"))
add_related(
    "ipam.prefix",
    Related(
        "IP ranges",
        "ipam.iprange",
        lambda prefix: {"start_host__gte": prefix.network, "end_host__lte": prefix.broadcast},
    ),
)
