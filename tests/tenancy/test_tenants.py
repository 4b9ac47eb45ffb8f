"""Tenants on sites, locations, devices, prefixes and addresses, as NetBox and Nautobot job code uses them."""

from __future__ import annotations

import importlib

import pytest
from django.db.models import ProtectedError

from dcim.models import Device
from tenancy.models import Tenant
from tests.api_base import assert_status
from tests.factories.dcim import DeviceFactory, LocationFactory, SiteFactory
from tests.factories.ipam import IPAddressFactory, PrefixFactory
from tests.factories.tenancy import TenantFactory, TenantGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme():
    customers = TenantGroupFactory(name="Customers")
    enterprise = TenantGroupFactory(name="Enterprise", parent=customers)
    return TenantFactory(name="Acme Corp", group=enterprise)


def test_every_inventory_model_job_code_tags_with_a_tenant_takes_one(acme):
    objects = [
        SiteFactory(tenant=acme),
        LocationFactory(tenant=acme),
        DeviceFactory(tenant=acme),
        PrefixFactory(tenant=acme),
        IPAddressFactory(tenant=acme),
    ]
    for obj in objects:
        obj.full_clean()
    assert {type(obj).__name__ for obj in objects if obj.tenant == acme} == {
        "Site",
        "Location",
        "Device",
        "Prefix",
        "IPAddress",
    }
    assert acme.devices.count() == 1 and acme.prefixes.count() == 1


def test_a_tenant_in_use_cannot_be_deleted(acme):
    DeviceFactory(tenant=acme)
    with pytest.raises(ProtectedError):
        acme.delete()


def test_nautobot_2_names_the_group_tenant_group(acme):
    """NetBox and Nautobot 1.x: `tenant.group`; Nautobot 2.x: `tenant.tenant_group`. One field."""
    from nautobot.tenancy.models import Tenant as NautobotTenant

    assert NautobotTenant is Tenant
    assert acme.tenant_group == acme.group and acme.group.name == "Enterprise"
    other = TenantGroupFactory(name="Public sector")
    acme.tenant_group = other
    acme.save()
    assert Tenant.objects.get(pk=acme.pk).group == other
    assert importlib.import_module("tenancy.models").TenantGroup is type(other)


def test_the_api_filters_devices_by_tenant_and_by_tenant_group_with_the_groups_below(admin_api, acme):
    mine = DeviceFactory(name="acme-sw1", tenant=acme)
    DeviceFactory(name="nobodys-sw1")

    by_tenant = admin_api.get("/api/dcim/devices/", {"tenant": "acme-corp"})
    by_group = admin_api.get("/api/dcim/devices/", {"tenant_group": "customers"})  # Enterprise is below it

    assert_status(by_tenant, 200)
    assert [row["name"] for row in by_tenant.json()["results"]] == ["acme-sw1"]
    assert [row["name"] for row in by_group.json()["results"]] == ["acme-sw1"]
    assert by_tenant.json()["results"][0]["tenant"]["id"] == str(acme.pk)
    assert Device.objects.filter(tenant__group__name="Enterprise").get() == mine


def test_the_api_sets_a_sites_tenant(admin_api, acme):
    site = SiteFactory(name="Lyon 3")

    response = admin_api.patch(f"/api/dcim/sites/{site.pk}/", {"tenant": str(acme.pk)}, format="json")

    assert_status(response, 200)
    assert response.json()["tenant"]["name"] == "Acme Corp"
