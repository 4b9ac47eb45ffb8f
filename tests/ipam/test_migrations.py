"""Prefixes and addresses move from dcim to ipam (ipam 0001, dcim 0004) on a database holding them: rows,
relations and every reference through their content types (object permissions, the change log, statuses,
job hooks, auth permissions) survive, and the move runs backwards too."""

from __future__ import annotations

import uuid

import netaddr
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from dcim.models import Device, Status
from extras.models import JobHook, ObjectChange
from ipam.models import IPAddress, Prefix
from tests.migrations import (  # noqa: F401 - latest_schema_afterwards restores the schema
    latest_schema_afterwards,
    other_apps_latest,
)
from users.models import ObjectPermission

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("dcim", "0003_netbox_statuses")


def migrate_to(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def state_before():
    """Every app as migrated before the move: dcim at 0003, no ipam, the others at their latest."""
    executor = MigrationExecutor(connection)
    others = other_apps_latest(executor, "dcim", "ipam")
    migrate_to([BEFORE, ("ipam", None), *others])
    return MigrationExecutor(connection).loader.project_state([BEFORE, *others]).apps


def inventory_in_dcim(apps) -> dict:
    """An inventory as it was: a prefix, a device whose primary address is on its interface, and what refers
    to them through their content types (a status, an object permission, a change log row)."""
    content_type = apps.get_model("contenttypes", "ContentType").objects
    types = {
        name: content_type.get_or_create(app_label="dcim", model=name)[0] for name in ("prefix", "ipaddress")
    }
    active = apps.get_model("dcim", "Status").objects.create(name="Moved", slug="moved")
    active.content_types.add(*types.values(), content_type.get_or_create(app_label="dcim", model="device")[0])
    site = apps.get_model("dcim", "Site").objects.create(name="Paris", slug="paris", status=active)
    maker = apps.get_model("dcim", "Manufacturer").objects.create(name="Acme", slug="acme")
    device = apps.get_model("dcim", "Device").objects.create(
        name="edge-1",
        site=site,
        status=active,
        role=apps.get_model("dcim", "DeviceRole").objects.create(name="Router", slug="router"),
        device_type=apps.get_model("dcim", "DeviceType").objects.create(
            manufacturer=maker, model="X", slug="x"
        ),
    )
    interface = apps.get_model("dcim", "Interface").objects.create(device=device, name="eth0", type="virtual")
    prefix = apps.get_model("dcim", "Prefix").objects.create(
        network=netaddr.IPAddress("10.0.0.0"),
        broadcast=netaddr.IPAddress("10.0.0.255"),
        prefix_length=24,
        ip_version=4,
        status=active,
        site=site,
    )
    address = apps.get_model("dcim", "IPAddress").objects.create(
        host=netaddr.IPAddress("10.0.0.1"),
        mask_length=24,
        ip_version=4,
        status=active,
        assigned_interface=interface,
    )
    device.primary_ip4 = address
    device.save()
    permission = apps.get_model("users", "ObjectPermission").objects.create(name="Prefixes", actions=["view"])
    permission.object_types.add(types["prefix"])
    apps.get_model("extras", "ObjectChange").objects.create(
        action="create",
        changed_object_type=types["ipaddress"],
        changed_object_id=address.pk,
        object_repr="10.0.0.1/24",
        time=timezone.now(),
        user_name="admin",
        request_id=uuid.uuid4(),
        change_context="web",
    )
    job = apps.get_model("extras", "Job").objects.create(
        source="local",
        source_name="local",
        module_name="hooks",
        job_class_name="OnAddress",
        class_path="local/hooks/OnAddress",
        slug="local-hooks-onaddress",
        grouping="hooks",
        name="On address",
    )
    hook = apps.get_model("extras", "JobHook").objects.create(name="Addresses", job=job, type_create=True)
    hook.content_types.add(types["ipaddress"])
    return {"types": types, "device": device.pk, "prefix": prefix.pk, "address": address.pk, "site": site.pk}


def test_the_move_keeps_rows_relations_and_every_reference_to_them():
    before = inventory_in_dcim(state_before())
    assert "dcim_prefix" in connection.introspection.table_names()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    tables = connection.introspection.table_names()
    assert {"ipam_prefix", "ipam_ipaddress"} <= set(tables) and "dcim_prefix" not in tables
    prefix, address = Prefix.objects.get(pk=before["prefix"]), IPAddress.objects.get(pk=before["address"])
    assert (str(prefix), prefix.site_id, str(address)) == ("10.0.0.0/24", before["site"], "10.0.0.1/24")
    assert Device.objects.get(pk=before["device"]).primary_ip4 == address
    assert address.assigned_interface.name == "eth0" and address.parent == prefix
    moved = {model: ContentType.objects.get_for_model(model) for model in (Prefix, IPAddress)}
    assert moved[Prefix].pk == before["types"]["prefix"].pk  # the same row, relabelled
    assert not ContentType.objects.filter(app_label="dcim", model__in=["prefix", "ipaddress"]).exists()
    assert list(ObjectPermission.objects.get(name="Prefixes").object_types.all()) == [moved[Prefix]]
    assert ObjectChange.objects.get(changed_object_id=address.pk).changed_object == address
    assert Status.objects.get(slug="moved") in Status.objects.get_for_model(IPAddress)
    assert Permission.objects.filter(content_type=moved[Prefix], codename="view_prefix").exists()
    assert list(JobHook.objects.get(name="Addresses").content_types.all()) == [moved[IPAddress]]


def test_the_move_runs_backwards():
    state_before()

    tables = connection.introspection.table_names()
    assert "dcim_ipaddress" in tables and "ipam_ipaddress" not in tables
    # The moved models' content types are dcim's again (models added to ipam later keep theirs: not moved).
    assert not ContentType.objects.filter(app_label="ipam", model__in=["prefix", "ipaddress"]).exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert "ipam_ipaddress" in connection.introspection.table_names()
