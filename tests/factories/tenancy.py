"""Factories for tenancy: tenant groups and tenants."""

from __future__ import annotations

import factory

from tenancy.models import Tenant, TenantGroup
from tests.factories.dcim import NamedFactory


class TenantGroupFactory(NamedFactory):
    class Meta:
        model = TenantGroup

    name = factory.Sequence(lambda n: f"Tenant group {n}")


class TenantFactory(NamedFactory):
    class Meta:
        model = Tenant

    name = factory.Sequence(lambda n: f"Tenant {n}")
