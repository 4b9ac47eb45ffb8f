"""dcim 0008 gives an existing inventory its locations (issue 22): each region a location of type Region under
its parent's, each site one of type Site under its region's (or at the top), each device its site's location;
and it runs backwards."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dcim.models import Device, Location, LocationType
from tests.migrations import (  # noqa: F401 - latest_schema_afterwards restores the schema
    latest_schema_afterwards,
    other_apps_latest,
)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("dcim", "0007_locations")


def apps_before():
    executor = MigrationExecutor(connection)
    others = other_apps_latest(executor, "dcim")
    executor.migrate([BEFORE])
    return MigrationExecutor(connection).loader.project_state([BEFORE, *others]).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def inventory_before(apps) -> dict:
    content_types = apps.get_model("contenttypes", "ContentType").objects
    status = apps.get_model("dcim", "Status").objects.create(name="Built", slug="built")
    status.content_types.add(
        *(content_types.get_or_create(app_label="dcim", model=m)[0] for m in ("site", "device"))
    )
    Region, Site = apps.get_model("dcim", "Region"), apps.get_model("dcim", "Site")
    europe = Region.objects.create(name="Europe", slug="europe")
    france = Region.objects.create(name="France", slug="france", parent=europe)
    paris = Site.objects.create(name="Paris", slug="paris", region=france, status=status, facility="PA1")
    Site.objects.create(name="Lone", slug="lone")  # no region, no status (Nautobot 1.x allows both)
    role = apps.get_model("dcim", "Role").objects.create(name="Router", slug="router")
    maker = apps.get_model("dcim", "Manufacturer").objects.create(name="Acme", slug="acme")
    device = apps.get_model("dcim", "Device").objects.create(
        name="edge-1",
        site=paris,
        status=status,
        role=role,
        device_type=apps.get_model("dcim", "DeviceType").objects.create(
            manufacturer=maker, model="X", slug="x"
        ),
    )
    return {"device": device.pk, "paris": paris.pk}


def test_regions_sites_and_devices_get_their_locations():
    before = inventory_before(apps_before())

    migrate_to_latest()

    paris = Location.objects.get(site_id=before["paris"])
    assert (paris.name, paris.location_type.name, paris.facility, paris.status.slug) == (
        "Paris",
        "Site",
        "PA1",
        "built",  # a site's status applies to locations too (0007)
    )
    assert [(node.name, node.location_type.name) for node in paris.ancestors()] == [
        ("Europe", "Region"),
        ("France", "Region"),
    ]
    lone = Location.objects.get(name="Lone")
    assert lone.parent is None and lone.status.slug == "active"
    assert Device.objects.get(pk=before["device"]).location == paris
    assert LocationType.objects.get(name="Site").parent.name == "Region"
    assert LocationType.objects.get(name="Site").allows(Device)


def test_the_migration_runs_backwards():
    apps_before()
    assert "site_id" not in {
        c.name for c in connection.introspection.get_table_description(connection.cursor(), "dcim_location")
    }
    migrate_to_latest()
    assert Location.objects.count() == 0
