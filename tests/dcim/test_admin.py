"""The inventory admin: every model's list page renders, and prefixes/addresses are edited as text."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from dcim.models import IPAddress, Prefix
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db

DCIM_MODELS = [model for model in admin.site._registry if model._meta.app_label == "dcim"]


def test_every_inventory_model_is_registered():
    assert {model._meta.model_name for model in DCIM_MODELS} >= {
        "region", "site", "status", "manufacturer", "devicetype", "devicerole", "platform", "device", "interface",
        "consoleport", "consoleserverport", "powerport", "poweroutlet", "cable", "prefix", "ipaddress",
    }  # fmt: skip


@pytest.mark.parametrize("model", DCIM_MODELS, ids=lambda model: model._meta.model_name)
def test_list_page_renders(admin_client, model):
    f.CableFactory()
    f.IPAddressFactory(assigned_interface=f.InterfaceFactory())
    f.PrefixFactory()
    response = admin_client.get(reverse(f"admin:dcim_{model._meta.model_name}_changelist"), {"q": "a"})
    assert response.status_code == 200


def prefix_form(prefix: str) -> dict:
    return {"prefix": prefix, "status": str(f.status("active").pk), "description": ""}


def test_prefix_is_added_as_text(admin_client):
    response = admin_client.post(reverse("admin:dcim_prefix_add"), prefix_form("10.0.0.0/24"))
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
    f.PrefixFactory(prefix="10.0.0.0/24")
    response = admin_client.post(reverse("admin:dcim_prefix_add"), prefix_form(value))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["prefix"] == [message]


def test_ip_address_is_edited_as_text(admin_client):
    address = f.IPAddressFactory(address="10.0.0.1/24")
    url = reverse("admin:dcim_ipaddress_change", args=[address.pk])
    assert admin_client.get(url).context["adminform"].form.initial["address"] == "10.0.0.1/24"
    data = {"address": "10.0.0.2/24", "status": str(address.status_id), "dns_name": "", "description": ""}
    assert admin_client.post(url, data).status_code == 302
    assert str(IPAddress.objects.get().address) == "10.0.0.2/24"
