"""Tenancy's part of the demo inventory: two customer groups and their tenants."""

from __future__ import annotations

from core.demo import DemoLoader, register_demo
from tenancy.models import Tenant, TenantGroup

GROUPS = [("Customers", None), ("Enterprise", "Customers")]
TENANTS = [("Acme Corp", "Enterprise"), ("Globex", "Enterprise"), ("Network Operations", None)]


@register_demo
def load_tenancy(demo: DemoLoader) -> None:
    groups: dict[str, TenantGroup] = {}
    for name, parent in GROUPS:
        groups[name] = demo.get_or_create(TenantGroup, name=name, defaults={"parent": groups.get(parent)})
    for name, group in TENANTS:
        demo.get_or_create(Tenant, name=name, defaults={"group": groups.get(group)})
