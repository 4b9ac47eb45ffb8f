"""The inventory admin: every model's list page renders."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import dcim as f
from tests.factories import ipam

pytestmark = pytest.mark.django_db

DCIM_MODELS = [model for model in admin.site._registry if model._meta.app_label == "dcim"]


def test_every_inventory_model_is_registered():
    assert {model._meta.model_name for model in DCIM_MODELS} >= {
        "region", "site", "status", "manufacturer", "devicetype", "devicerole", "platform", "device", "interface",
        "consoleport", "consoleserverport", "powerport", "poweroutlet", "cable",
    }  # fmt: skip


@pytest.mark.parametrize("model", DCIM_MODELS, ids=lambda model: model._meta.model_name)
def test_list_page_renders(admin_client, model):
    f.CableFactory()
    ipam.IPAddressFactory(assigned_interface=f.InterfaceFactory())
    ipam.PrefixFactory()
    response = admin_client.get(reverse(f"admin:dcim_{model._meta.model_name}_changelist"), {"q": "a"})
    assert response.status_code == 200
