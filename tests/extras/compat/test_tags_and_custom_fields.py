"""Real-shaped job files that use tags and custom fields, unchanged, run through the runner: a NetBox asset
audit (tests/fixture_jobs/netbox_tags_custom_fields.py) and a Nautobot 2.x lifecycle job
(tests/fixture_jobs/nautobot2_tags_custom_fields.py)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from dcim.models import Device
from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from extras.models import CustomField, Tag
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f
from tests.factories.tags import CustomFieldFactory

pytestmark = pytest.mark.django_db


def test_the_files_import_without_problems(fixture_jobs):
    modules = {"netbox_tags_custom_fields", "nautobot2_tags_custom_fields"}
    assert not [problem for problem in loader.problems() if problem.module in modules]
    assert {"AssetAudit", "MarkEndOfLife"} <= set(fixture_jobs)


def test_the_netbox_audit_reads_custom_fields_stamps_one_and_tags_devices(fixture_jobs, inventory):
    CustomFieldFactory(name="asset_tag", models=[Device])
    CustomFieldFactory(name="last_audit", type="date", models=[Device])
    site = f.SiteFactory()
    tagged = f.DeviceFactory(name="sw-1", site=site, custom_field_data={"asset_tag": "A-17"})
    untagged = f.DeviceFactory(name="sw-2", site=site)
    f.DeviceFactory(name="elsewhere")

    result, lines = run_here(fixture_jobs["AssetAudit"], {"site": str(site.pk), "stamp": True})

    assert result.status == Status.STATUS_COMPLETED, lines
    assert ("run", "success", "sw-1: asset A-17") in lines
    assert ("run", "warning", "sw-2 has no asset tag") in lines
    assert ("run", "info", "1 missing, 1 flagged in all") in lines
    assert [device.name for device in Device.objects.filter(tags__slug="needs-audit")] == ["sw-2"]
    assert Tag.objects.get(slug="needs-audit").color == "f44336"
    tagged.refresh_from_db()
    untagged.refresh_from_db()
    assert tagged.cf == {"asset_tag": "A-17", "last_audit": "2026-12-07"}
    assert untagged.cf == {"last_audit": "2026-12-07"}


def test_the_netbox_audit_fails_clearly_without_its_custom_field(fixture_jobs, inventory):
    site = f.SiteFactory()
    _result, lines = run_here(fixture_jobs["AssetAudit"], {"site": str(site.pk), "stamp": False})
    assert ("run", "failure", "The asset_tag custom field is missing") in lines


def test_the_nautobot_job_creates_its_field_sets_it_and_tags_devices(fixture_jobs, inventory):
    owner = CustomFieldFactory(name="owner", models=[Device])
    first = f.DeviceFactory(name="core-1", custom_field_data={"owner": "netops"})
    second = f.DeviceFactory(name="core-2")
    data = {"devices": [str(first.pk), str(second.pk)], "eol_date": "2027-06-30"}

    result, lines = run_here(fixture_jobs["MarkEndOfLife"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    field = CustomField.objects.get(key="eol_date")
    assert (field.label, field.type) == ("End of life", "date")
    assert list(field.content_types.all()) == [ContentType.objects.get_for_model(Device)]
    assert ("run", "info", "core-1 ends 2027-06-30 (owner netops)") in lines
    assert ("run", "info", "core-2 ends 2027-06-30 (owner nobody)") in lines
    assert ("run", "success", "2 device(s) tagged eol") in lines
    assert Device.objects.get(pk=first.pk).cf == {"owner": "netops", "eol_date": "2027-06-30"}
    assert set(Device.objects.filter(tags__name="eol")) == {first, second}
    assert owner.name in Device.objects.get(pk=first.pk).custom_field_data


def test_the_nautobot_job_refuses_a_date_that_is_no_date(fixture_jobs, inventory):
    device = f.DeviceFactory(name="core-1")
    result, lines = run_here(fixture_jobs["MarkEndOfLife"], {"devices": [str(device.pk)], "eol_date": "soon"})
    assert result.status != Status.STATUS_COMPLETED
    assert any("Invalid value for custom field 'eol_date'" in message for *_, message in lines), lines
    assert Device.objects.get(pk=device.pk).cf == {}
