"""Tenancy's models, each declared once: pages, API, filters, search and menu follow (core/declarations)."""

from __future__ import annotations

from core.declarations import Related, declare
from tenancy.models import Tenant, TenantGroup

NAMED = ("name", "slug", "description")

declare(
    TenantGroup,
    queryset=TenantGroup.objects.select_related("parent"),
    menu="Tenancy",
    columns=("name", "slug", "parent", "description"),
    related=(
        Related("Child groups", "tenancy.tenantgroup", "parent"),
        Related("Tenants", "tenancy.tenant", "group"),
    ),
    filters=("name", "slug", "parent"),
    list_filters=("parent",),
    search_fields=NAMED,
    form_fields=("name", "slug", "parent", "description"),
    api_fields=("name", "slug", "parent", "description"),
)
declare(
    Tenant,
    queryset=Tenant.objects.select_related("group"),
    menu="Tenancy",
    columns=("name", "slug", "group", "description"),
    filters=("name", "slug", "group"),
    list_filters=("group",),
    search_fields=(*NAMED, "comments"),
    form_fields=("name", "slug", "group", "description", "comments"),
    api_fields=("name", "slug", "group", "description", "comments"),
)
