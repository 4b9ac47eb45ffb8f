"""IPAM web pages: prefixes and addresses typed as text, and what lies inside a prefix."""

from __future__ import annotations

import pytest

from ipam.models import Prefix
from tests.factories.dcim import InterfaceFactory, status
from tests.factories.ipam import IPAddressFactory, PrefixFactory

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [str(row.record) for row in response.context["table"].rows]


def test_adding_a_prefix_and_rejecting_host_bits_and_duplicates(admin_client):
    data = {"prefix": "10.1.0.0/16", "status": status("active").pk}
    response = admin_client.post("/ipam/prefixes/add/", data)
    prefix = Prefix.objects.get()
    assert response["Location"] == prefix.get_absolute_url()
    assert str(prefix.prefix) == "10.1.0.0/16"

    host_bits = admin_client.post("/ipam/prefixes/add/", data | {"prefix": "10.2.0.1/16"})
    assert "Did you mean 10.2.0.0/16?" in host_bits.context["form"].errors["prefix"][0]
    duplicate = admin_client.post("/ipam/prefixes/add/", data)
    assert duplicate.context["form"].errors["prefix"] == ["Prefix 10.1.0.0/16 already exists."]
    garbage = admin_client.post("/ipam/prefixes/add/", data | {"prefix": "ten-dot-one"})
    assert garbage.context["form"].errors["prefix"] == ["'ten-dot-one' is not a valid IPv4 or IPv6 network."]
    assert Prefix.objects.count() == 1


def test_adding_an_ip_address_requires_a_mask_and_assigns_an_interface(admin_client):
    interface = InterfaceFactory()
    data = {"address": "10.0.0.1", "status": status("active").pk, "assigned_interface": interface.pk}
    no_mask = admin_client.post("/ipam/ip-addresses/add/", data)
    assert no_mask.context["form"].errors["address"] == [
        "'10.0.0.1' has no mask; a CIDR mask (e.g. /24) is required."
    ]
    assert admin_client.post("/ipam/ip-addresses/add/", data | {"address": "10.0.0.1/24"}).status_code == 302
    assert str(interface.ip_addresses.get().address) == "10.0.0.1/24"


def test_editing_a_prefix_shows_and_keeps_its_network(admin_client):
    prefix = PrefixFactory(prefix="10.9.0.0/24")
    form = admin_client.get(f"{prefix.get_absolute_url()}edit/").context["form"]
    assert form["prefix"].value() == "10.9.0.0/24"
    data = {"prefix": "10.9.0.0/24", "status": prefix.status.pk, "description": "lab"}
    assert admin_client.post(f"{prefix.get_absolute_url()}edit/", data).status_code == 302
    prefix.refresh_from_db()
    assert prefix.description == "lab"


def test_prefix_detail_lists_what_lies_inside_it(admin_client):
    parent = PrefixFactory(prefix="10.0.0.0/16")
    PrefixFactory(prefix="10.0.1.0/24")
    PrefixFactory(prefix="10.1.0.0/24")
    IPAddressFactory(address="10.0.1.5/24")
    IPAddressFactory(address="192.0.2.1/24")
    related = {
        item["title"]: item for item in admin_client.get(parent.get_absolute_url()).context["related_lists"]
    }
    assert [str(row.record) for row in related["Child prefixes"]["table"].rows] == ["10.0.1.0/24"]
    assert [str(row.record) for row in related["IP addresses"]["table"].rows] == ["10.0.1.5/24"]
    assert related["IP addresses"]["list_url"] == "/ipam/ip-addresses/?parent=10.0.0.0%2F16"
    assert listed(admin_client.get(related["IP addresses"]["list_url"])) == ["10.0.1.5/24"]
    assert listed(admin_client.get(related["Child prefixes"]["list_url"])) == ["10.0.1.0/24"]
