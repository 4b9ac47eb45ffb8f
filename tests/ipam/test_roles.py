"""Roles in IPAM (issue 24): NetBox's ipam.Role as a view of the one Role model, usable as Prefix.role and
IPRange.role; IPAddress.role a Role (Nautobot 2.x) that takes, compares with and filters by NetBox's
IPAddressRoleChoices values, and reads in the API as the role plus `{value, label}`."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dcim.fields import UnknownRole
from dcim.models import Role as AnyRole
from ipam.choices import IPAddressRoleChoices
from ipam.models import IPAddress, Prefix, Role
from tests.api_errors import assert_error_shape
from tests.factories.dcim import DeviceRoleFactory
from tests.factories.ipam import IPAddressFactory, IPRangeFactory, PrefixFactory

pytestmark = pytest.mark.django_db


def test_a_netbox_ipam_role_is_usable_for_prefixes_and_ranges():
    role = Role.objects.create(name="Production", slug="production")
    prefix = PrefixFactory(role=role)
    prefix.full_clean()
    ip_range = IPRangeFactory(role=role)
    ip_range.full_clean()
    assert list(Role.objects.all()) == [role]
    assert list(AnyRole.objects.get(pk=role.pk).prefixes.all()) == [prefix]
    assert Prefix.objects.filter(role__slug="production").get() == prefix


def test_a_role_for_devices_only_is_refused_for_a_prefix_and_not_an_ipam_role():
    device_role = DeviceRoleFactory(name="Core router")
    assert not Role.objects.filter(pk=device_role.pk).exists()
    with pytest.raises(ValidationError) as raised:
        PrefixFactory(role_id=device_role.pk).full_clean()
    assert "role" in raised.value.message_dict


def test_netbox_code_sets_compares_and_filters_an_address_role_by_value():
    address = IPAddress(address="10.255.0.1/32", status="active", role=IPAddressRoleChoices.ROLE_LOOPBACK)
    address.validated_save()
    address = IPAddress.objects.get(pk=address.pk)
    assert address.role == IPAddressRoleChoices.ROLE_LOOPBACK
    assert address.role != IPAddressRoleChoices.ROLE_VIP
    assert address.get_role_display() == "Loopback"
    assert IPAddress.objects.filter(role="loopback").get() == address
    assert IPAddress.objects.filter(role__in=["vip", "loopback"]).count() == 1
    address.role = "VIP"  # a name works too
    address.validated_save()
    assert IPAddress.objects.get(pk=address.pk).role.slug == "vip"
    with pytest.raises(UnknownRole, match='"backup" is not a role of IP address objects'):
        address.role = "backup"
    address.role = ""  # NetBox's blank choice: no role
    address.validated_save()
    assert IPAddress.objects.get(pk=address.pk).role is None


def test_nautobot_code_gives_an_address_a_role_row():
    IPAddressFactory(role="anycast")  # the rows exist (the migration makes them; here on demand)
    loopback = AnyRole.objects.get(name="Loopback")
    assert loopback.content_types.filter(app_label="ipam", model="ipaddress").exists()
    address = IPAddressFactory(role=loopback)
    address.full_clean()
    assert IPAddress.objects.filter(role=loopback).get() == address
    assert address.role == "loopback" and address.role == loopback


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


@pytest.mark.parametrize("written", ["vip", {"value": "vip"}, "VIP"])
def test_the_api_reads_an_address_role_for_both_kinds_of_client(admin, written):
    body = {"address": "10.0.0.10/24", "status": {"slug": "active"}, "role": written}
    IPAddressFactory(address="10.0.0.1/24")  # the statuses
    response = admin.post(reverse("ipam-api:ipaddress-list"), body, format="json")
    assert response.status_code == 201, response.json()
    role = response.json()["role"]
    assert (role["value"], role["label"], role["name"], role["slug"]) == ("vip", "VIP", "VIP", "vip")
    assert role["id"] == str(AnyRole.objects.get(slug="vip").pk)
    listed = admin.get(reverse("ipam-api:ipaddress-list"), {"role": "vip"}).json()
    assert [item["address"] for item in listed["results"]] == ["10.0.0.10/24"]


def test_an_unknown_address_role_is_a_400_naming_role(admin):
    IPAddressFactory(address="10.0.0.1/24")
    body = {"address": "10.0.0.10/24", "status": {"slug": "active"}, "role": "backup"}
    response = admin.post(reverse("ipam-api:ipaddress-list"), body, format="json")
    assert_error_shape(response, 400, ["role"])
    assert '"backup" is not a role of IP address objects' in response.json()["errors"]["role"][0]


def test_the_netbox_role_endpoint_makes_prefix_roles(admin):
    PrefixFactory(prefix="10.8.0.0/16")  # the statuses
    response = admin.post(reverse("ipam-api:role-list"), {"name": "Access", "slug": "access"}, format="json")
    assert response.status_code == 201, response.json()
    prefix = admin.post(
        reverse("ipam-api:prefix-list"),
        {"prefix": "10.9.0.0/16", "status": {"slug": "active"}, "role": {"slug": "access"}},
        format="json",
    )
    assert prefix.status_code == 201, prefix.json()
    assert prefix.json()["role"]["slug"] == "access"
    assert Prefix.objects.get(prefix="10.9.0.0/16").role.name == "Access"


def test_the_global_search_finds_the_new_ipam_objects(admin_client):
    role = Role.objects.create(name="Production", slug="production")
    IPRangeFactory(
        start_address="10.7.0.10/24", end_address="10.7.0.20/24", role=role, description="production DHCP"
    )
    from tests.factories.ipam import AggregateFactory, ServiceFactory

    AggregateFactory(description="production block")
    ServiceFactory(name="production-api")
    results = admin_client.get("/search/", {"q": "production"}).context["results"]
    counts = {result.source.model._meta.label: result.count for result in results}
    assert {
        label: counts.get(label) for label in ("ipam.IPRange", "ipam.Aggregate", "ipam.Service", "ipam.Role")
    } == {
        "ipam.IPRange": 1,
        "ipam.Aggregate": 1,
        "ipam.Service": 1,
        "ipam.Role": 1,
    }
    assert admin_client.get("/ipam/roles/").status_code == 200
