"""dcim 0006 turns DeviceRole into Role on a database holding device roles (issue 22): the rows, the devices'
roles, their change log and the object permissions on device roles survive, each role applies to devices,
and the migration runs backwards."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from dcim.models import Device, DeviceRole, Role
from extras.models import ObjectChange
from tests.migrations import (  # noqa: F401 - latest_schema_afterwards restores the schema
    latest_schema_afterwards,
    other_apps_latest,
)
from users.models import ObjectPermission

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("dcim", "0005_site_status_optional")
EXTRAS_BEFORE = (
    "extras",
    "0011_job_result_return_value",
)  # before extras 0012, which extends what refers to roles


def apps_before():
    """Every app at its latest but dcim and extras, at the migrations before roles."""
    executor = MigrationExecutor(connection)
    others = other_apps_latest(executor, "dcim", "extras")
    executor.migrate([BEFORE, EXTRAS_BEFORE])
    return MigrationExecutor(connection).loader.project_state([BEFORE, EXTRAS_BEFORE, *others]).apps


def device_roles_before(apps) -> dict:
    """A device with its device role, a second role no device uses, a permission and a change log row."""
    content_types = apps.get_model("contenttypes", "ContentType").objects
    role_type, _ = content_types.get_or_create(app_label="dcim", model="devicerole")
    status = apps.get_model("dcim", "Status").objects.create(name="Up", slug="up")
    status.content_types.add(content_types.get_or_create(app_label="dcim", model="device")[0])
    router = apps.get_model("dcim", "DeviceRole").objects.create(name="Router", slug="router", color="2196f3")
    apps.get_model("dcim", "DeviceRole").objects.create(name="PDU", slug="pdu")
    maker = apps.get_model("dcim", "Manufacturer").objects.create(name="Acme", slug="acme")
    device = apps.get_model("dcim", "Device").objects.create(
        name="edge-1",
        site=apps.get_model("dcim", "Site").objects.create(name="Paris", slug="paris", status=status),
        status=status,
        role=router,
        device_type=apps.get_model("dcim", "DeviceType").objects.create(
            manufacturer=maker, model="X", slug="x"
        ),
    )
    permission = apps.get_model("users", "ObjectPermission").objects.create(name="Roles", actions=["view"])
    permission.object_types.add(role_type)
    apps.get_model("extras", "ObjectChange").objects.create(
        action="create",
        changed_object_type=role_type,
        changed_object_id=router.pk,
        object_repr="Router",
        time=timezone.now(),
        user_name="admin",
        request_id=uuid.uuid4(),
        change_context="web",
    )
    return {"device": device.pk, "router": router.pk}


def test_device_roles_become_roles_that_apply_to_devices():
    before = device_roles_before(apps_before())

    call_command("migrate", verbosity=0)  # the command, as an upgrade runs it (it relabels content types)

    assert "dcim_role" in connection.introspection.table_names()
    router = Role.objects.get(pk=before["router"])
    assert (router.name, router.slug, router.color) == ("Router", "router", "2196f3")
    assert Device.objects.get(pk=before["device"]).role == router
    assert sorted(DeviceRole.objects.values_list("name", flat=True)) == ["PDU", "Router"]
    assert list(router.content_types.values_list("app_label", "model")) == [("dcim", "device")]
    assert ObjectChange.objects.get(changed_object_id=router.pk).changed_object == router
    permitted = {
        (t.app_label, t.model) for t in ObjectPermission.objects.get(name="Roles").object_types.all()
    }
    assert permitted == {("dcim", "role"), ("dcim", "devicerole")}
    assert ContentType.objects.get_for_model(DeviceRole, for_concrete_model=False).model == "devicerole"


def test_the_migration_runs_backwards():
    apps_before()

    tables = connection.introspection.table_names()
    assert "dcim_devicerole" in tables and "dcim_role" not in tables

    call_command("migrate", verbosity=0)
    assert "dcim_role" in connection.introspection.table_names()
