"""The IPAM admin: both models are registered, and prefixes and addresses are edited as text."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from ipam.models import IPAddress, Prefix
from tests.factories import dcim as f
from tests.factories.ipam import IPAddressFactory, PrefixFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Prefix, IPAddress], ids=lambda model: model._meta.model_name)
def test_list_page_renders(admin_client, model):
    PrefixFactory()
    IPAddressFactory(assigned_interface=f.InterfaceFactory())
    response = admin_client.get(reverse(f"admin:ipam_{model._meta.model_name}_changelist"), {"q": "a"})
    assert response.status_code == 200
    assert model in admin.site._registry


def prefix_form(prefix: str) -> dict:
    return {"prefix": prefix, "status": str(f.status("active").pk), "description": ""}


def test_prefix_is_added_as_text(admin_client):
    response = admin_client.post(reverse("admin:ipam_prefix_add"), prefix_form("10.0.0.0/24"))
    assert response.status_code == 302
    assert str(Prefix.objects.get().prefix) == "10.0.0.0/24"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("10.0.0.1/24", "10.0.0.1/24 is not a valid prefix. Did you mean 10.0.0.0/24?"),
        ("10.0.0.0/24", "Prefix 10.0.0.0/24 already exists."),
    ],
)
def test_bad_or_duplicate_prefix_is_a_form_error(admin_client, value, message):
    PrefixFactory(prefix="10.0.0.0/24")
    response = admin_client.post(reverse("admin:ipam_prefix_add"), prefix_form(value))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["prefix"] == [message]


def test_ip_address_is_edited_as_text(admin_client):
    address = IPAddressFactory(address="10.0.0.1/24")
    url = reverse("admin:ipam_ipaddress_change", args=[address.pk])
    assert admin_client.get(url).context["adminform"].form.initial["address"] == "10.0.0.1/24"
    data = {"address": "10.0.0.2/24", "status": str(address.status_id), "dns_name": "", "description": ""}
    assert admin_client.post(url, data).status_code == 302
    assert str(IPAddress.objects.get().address) == "10.0.0.2/24"
