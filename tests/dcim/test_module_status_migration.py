"""dcim 0020/0021 turn a module's status value (NetBox's "planned") into the Status row of that slug, on a
database already holding modules (issue 23)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dcim.models import Module, Status
from tests.migrations import latest_schema_afterwards  # noqa: F401 - restores the schema

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("dcim", "0019_power_feed_cables")
AFTER = ("dcim", "0021_module_status_and_device")


def modules_before() -> dict[str, str]:
    """Two modules in two bays of one device, with status values as NetBox stores them."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    apps = MigrationExecutor(connection).loader.project_state([BEFORE]).apps
    content_types = apps.get_model("contenttypes", "ContentType").objects
    status = apps.get_model("dcim", "Status").objects.create(name="Up", slug="up")
    status.content_types.add(content_types.get_or_create(app_label="dcim", model="device")[0])
    maker = apps.get_model("dcim", "Manufacturer").objects.create(name="Acme", slug="acme")
    device = apps.get_model("dcim", "Device").objects.create(
        name="core-1",
        site=apps.get_model("dcim", "Site").objects.create(name="Paris", slug="paris", status=status),
        status=status,
        role=apps.get_model("dcim", "Role").objects.create(name="Router", slug="router"),
        device_type=apps.get_model("dcim", "DeviceType").objects.create(
            manufacturer=maker, model="X", slug="x"
        ),
    )
    card = apps.get_model("dcim", "ModuleType").objects.create(manufacturer=maker, model="LC")
    made = {}
    for slot, value in (("1", "planned"), ("2", "failed")):
        bay = apps.get_model("dcim", "ModuleBay").objects.create(device=device, name=f"Slot {slot}")
        module = apps.get_model("dcim", "Module").objects.create(
            device=device, module_bay=bay, module_type=card, status=value
        )
        made[str(module.pk)] = value
    return made


def test_each_module_keeps_its_status_as_a_row():
    made = modules_before()

    MigrationExecutor(connection).migrate([AFTER])

    assert {str(module.pk): module.status.slug for module in Module.objects.all()} == made
    assert set(Status.objects.get_for_model(Module).values_list("slug", flat=True)) >= {
        "offline",
        "active",
        "planned",
        "staged",
        "failed",
        "decommissioning",
    }
