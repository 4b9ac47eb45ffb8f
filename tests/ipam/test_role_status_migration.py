"""ipam 0006 makes the rows NetBox's choice values name (issue 24): the IP range statuses and one Role per
IPAddressRoleChoices value, applying to those models; a row that exists already keeps its name, slug and
colour, and going back removes the content types of the models 0005 added."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ipam.choices import IPAddressRoleChoices
from tests.migrations import (  # noqa: F401 - latest_schema_afterwards restores the schema
    latest_schema_afterwards,
    other_apps_latest,
)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = ("ipam", "0005_ranges_aggregates_services_roles")
AFTER = ("ipam", "0006_range_statuses_and_address_roles")


def migrate(target):
    executor = MigrationExecutor(connection)
    others = other_apps_latest(executor, "ipam")
    executor.migrate([target, *others])
    return MigrationExecutor(connection).loader.project_state([target, *others]).apps


def test_the_rows_are_made_and_existing_ones_kept():
    apps = migrate(BEFORE)
    # A database that never had them (going back leaves the rows), with a "Loopback" role of its own.
    apps.get_model("dcim", "Role").objects.filter(slug__in=IPAddressRoleChoices.values()).delete()
    apps.get_model("dcim", "Role").objects.create(name="Loopback", slug="lo", color="111111")

    apps = migrate(AFTER)

    Role, Status = apps.get_model("dcim", "Role"), apps.get_model("dcim", "Status")
    address_roles = Role.objects.filter(content_types__app_label="ipam", content_types__model="ipaddress")
    assert sorted(address_roles.values_list("name", flat=True)) == sorted(
        label for _, label in IPAddressRoleChoices.CHOICES
    )
    assert Role.objects.filter(name="Loopback").values_list("slug", "color").get() == ("lo", "111111")
    assert Role.objects.get(name="VIP").slug == "vip"
    range_statuses = Status.objects.filter(content_types__app_label="ipam", content_types__model="iprange")
    assert sorted(range_statuses.values_list("slug", flat=True)) == ["active", "deprecated", "reserved"]


def test_going_back_removes_the_new_models_content_types():
    migrate(AFTER)
    apps = migrate(("ipam", "0004_vm_interface_addresses"))
    content_types = apps.get_model("contenttypes", "ContentType").objects
    assert not content_types.filter(
        app_label="ipam", model__in=["iprange", "aggregate", "rir", "service"]
    ).exists()
