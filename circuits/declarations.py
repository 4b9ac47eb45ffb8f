"""Circuits' models, each declared once: pages, API, filters, search and menu follow (core/declarations).
Querysets carry the select_related/prefetch their tables and serializers walk."""

from __future__ import annotations

from circuits.filters import CircuitFilterSetBase
from circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from core.declarations import Related, add_related, declare, nested
from core.tables import Column
from dcim.declarations import CABLE
from dcim.filters import PortFilterSetBase

MENU = "Circuits"
PROVIDER_FIELDS = (
    "name",
    "slug",
    "asn",
    "account",
    "portal_url",
    "noc_contact",
    "admin_contact",
    "description",
    "comments",
)
declare(
    Provider,
    menu=MENU,
    columns=("name", "asn", "account", "portal_url", "description"),
    detail=PROVIDER_FIELDS,
    related=(
        Related("Circuits", "circuits.circuit", "provider"),
        Related("Provider networks", "circuits.providernetwork", "provider"),
    ),
    filters=("name", "slug", "asn", "account"),
    search_fields=("name", "slug", "account", "description", "comments"),
    form_fields=PROVIDER_FIELDS,
    api_fields=PROVIDER_FIELDS,
)
declare(
    ProviderNetwork,
    queryset=ProviderNetwork.objects.select_related("provider"),
    menu=MENU,
    columns=("name", "provider", "service_id", "description"),
    related=(Related("Circuit terminations", "circuits.circuittermination", "provider_network"),),
    filters=("name", "provider", "service_id"),
    list_filters=("provider",),
    search_fields=("name", "service_id", "description", "comments"),
    form_fields=("provider", "name", "service_id", "description", "comments"),
    api_fields=("provider", "name", "service_id", "description", "comments"),
    brief_fields=("name",),
)
declare(
    CircuitType,
    menu=MENU,
    columns=("name", "slug", "description"),
    related=(Related("Circuits", "circuits.circuit", "type"),),
    filters=("name", "slug"),
    search_fields=("name", "slug", "description"),
    form_fields=("name", "slug", "description"),
    api_fields=("name", "slug", "description"),
)
CIRCUIT_FIELDS = (
    "cid",
    "provider",
    "type",
    "status",
    "tenant",
    "install_date",
    "termination_date",
    "commit_rate",
    "description",
    "comments",
)
declare(
    Circuit,
    queryset=Circuit.objects.select_related("provider", "type", "status", "tenant").prefetch_related(
        "terminations__site"
    ),
    api_queryset=Circuit.objects.select_related("provider", "type", "status", "tenant"),
    menu=MENU,
    columns=(
        Column("cid", label="Circuit ID", link=True),
        "provider",
        "type",
        "status",
        "tenant",
        Column("termination_a.site", label="Side A", order_by=""),
        Column("termination_z.site", label="Side Z", order_by=""),
        "commit_rate",
        "description",
    ),
    detail=CIRCUIT_FIELDS,
    related=(Related("Terminations", "circuits.circuittermination", "circuit"),),
    filters=(
        "cid",
        "provider",
        "type",
        "circuit_type=type",
        "status",
        "tenant",
        "tenant_group=tenant__group",
        "commit_rate",
    ),
    list_filters=("provider", "type", "status", "tenant"),
    search_fields=("cid", "description", "comments"),
    filterset_base=CircuitFilterSetBase,
    form_fields=CIRCUIT_FIELDS,
    bulk_edit_fields=("provider", "type", "status", "tenant", "commit_rate", "description"),
    # The sides are not nested here (a user may see a circuit and not its terminations): they are listed at
    # /api/circuits/circuit-terminations/?circuit_id=<id>.
    api_fields=(*CIRCUIT_FIELDS, "circuit_type"),
    api_extra={
        "status": nested("dcim.status"),
        # Nautobot 2.x's name of the type, read only.
        "circuit_type": nested("circuits.circuittype", read_only=True, source="type"),
    },
    brief_fields=("cid",),
)
TERMINATION_FIELDS = (
    "circuit",
    "term_side",
    "site",
    "location",
    "provider_network",
    "port_speed",
    "upstream_speed",
    "xconnect_id",
    "pp_info",
    "description",
)
declare(
    CircuitTermination,
    queryset=CircuitTermination.objects.select_related(
        "circuit__provider", "site", "location", "provider_network", "cable"
    ),
    menu=MENU,
    columns=(
        Column("__str__", label="Termination", link=True, order_by="term_side"),
        "circuit",
        "term_side",
        "site",
        "provider_network",
        "port_speed",
        "xconnect_id",
        CABLE,
    ),
    detail=(
        *TERMINATION_FIELDS,
        CABLE,
        Column("connected_endpoint.display", label="Connected to", link=True),
    ),
    filters=(
        "circuit",
        "term_side",
        "site",
        "location",
        "provider_network",
        "provider=circuit__provider",
        "cable",
        "port_speed",
        "xconnect_id",
    ),
    list_filters=("term_side", "site"),
    search_fields=("xconnect_id", "pp_info", "description", "circuit__cid"),
    filterset_base=PortFilterSetBase,
    form_fields=TERMINATION_FIELDS,
    api_fields=(*TERMINATION_FIELDS, "cable"),
    brief_fields=("circuit", "term_side"),
)

# NetBox's `site.circuit_terminations`, listed on the site's page.
add_related("dcim.site", Related("Circuit terminations", "circuits.circuittermination", "site"))
