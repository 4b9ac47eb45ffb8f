"""Custom fields: each type's values checked by full_clean() with an error naming the field, required
fields, defaults on create, Nautobot 2.x's `key`/`label`, and a deleted field's values removed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dcim.models import Device, Site
from extras.models import CustomField
from tests.factories.dcim import DeviceFactory, SiteFactory
from tests.factories.tags import CustomFieldFactory

pytestmark = pytest.mark.django_db


def errors_of(obj) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    return raised.value.message_dict["custom_field_data"]


@pytest.mark.parametrize(
    ("options", "good", "stored", "bad", "message"),
    [
        (
            {"type": "text", "validation_regex": r"^[A-Z]{3}\d+$"},
            "ABC1",
            "ABC1",
            "abc",
            "must match this regex",
        ),
        ({"type": "longtext"}, "two\nlines", "two\nlines", 3, "Enter text."),
        ({"type": "integer", "validation_minimum": 1}, 5, 5, 0, "The minimum is 1."),
        ({"type": "integer"}, 5, 5, "five", "Enter a whole number."),
        ({"type": "decimal", "validation_maximum": 100}, 99.5, 99.5, 100.5, "The maximum is 100."),
        ({"type": "boolean"}, False, False, "yes", "Enter true or false."),
        ({"type": "date"}, "2026-12-07", "2026-12-07", "07/12/2026", "Enter a date as YYYY-MM-DD."),
        ({"type": "url"}, "https://example.com/a", "https://example.com/a", "not a url", "Enter a URL."),
        ({"type": "json"}, {"a": [1, 2]}, {"a": [1, 2]}, None, None),
        (
            {"type": "select", "choices": ["gold", "silver"]},
            "gold",
            "gold",
            "bronze",
            "not one of the choices",
        ),
        ({"type": "multiselect", "choices": ["a", "b"]}, ["a", "b"], ["a", "b"], ["a", "c"], "not one of"),
    ],
)
def test_each_type_checks_its_values(options, good, stored, bad, message):
    field = CustomFieldFactory(name="asset", models=[Site], **options)
    site = SiteFactory()

    site.cf["asset"] = good
    site.validated_save()
    site.refresh_from_db()
    assert site.cf["asset"] == stored

    if bad is not None:
        site.cf["asset"] = bad
        [error] = errors_of(site)
        assert error.startswith(f"Invalid value for custom field '{field.name}': ")
        assert message in error


def test_a_required_field_must_be_given_and_unknown_names_are_refused():
    CustomFieldFactory(name="owner", required=True, models=[Site])
    site = Site(name="Paris", slug="paris")
    site.custom_field_data = {"ownr": "ops"}
    assert errors_of(site) == [
        "Unknown field name 'ownr' in custom field data.",
        "Missing required custom field 'owner'.",
    ]


def test_a_new_object_takes_the_defaults():
    CustomFieldFactory(name="monitored", type="boolean", default=True, models=[Device])
    CustomFieldFactory(name="site_only", type="text", default="x", models=[Site])

    device = DeviceFactory()

    assert Device.objects.get(pk=device.pk).cf == {"monitored": True}
    existing = Device.objects.get(pk=device.pk)
    existing.cf["monitored"] = False
    existing.validated_save()
    assert Device.objects.get(pk=device.pk).cf == {"monitored": False}


def test_a_default_must_be_a_valid_value():
    field = CustomField(name="speed", type="integer", default="fast")
    with pytest.raises(ValidationError) as raised:
        field.full_clean()
    assert "default" in raised.value.message_dict


def test_nautobot_key_and_label_name_the_same_field():
    field = CustomField(label="Circuit ID", type="text")
    field.validated_save()
    assert field.key == field.name == "circuit_id"
    assert CustomField.objects.get(key="circuit_id") == field
    assert CustomField.objects.create(key="vendor_ref", label="Vendor ref").name == "vendor_ref"
    assert CustomField.objects.filter(key__startswith="vendor").count() == 1
    assert str(field) == "Circuit ID"


def test_nautobot_multi_select_is_the_multiselect_type():
    field = CustomField(key="colours", type="multi-select", choices=["red"])
    field.validated_save()
    assert field.type == "multiselect"


def test_deleting_a_field_removes_its_values_from_every_object():
    field = CustomFieldFactory(name="rack_ref", models=[Site, Device])
    CustomFieldFactory(name="kept", models=[Site])
    site = SiteFactory(custom_field_data={"rack_ref": "R1", "kept": "yes"})
    device = DeviceFactory(custom_field_data={"rack_ref": "R2"})

    field.delete()

    assert Site.objects.get(pk=site.pk).custom_field_data == {"kept": "yes"}
    assert Device.objects.get(pk=device.pk).custom_field_data == {}


def test_nautobot_code_filters_and_reads_by_its_field_name():
    CustomFieldFactory(name="owner", models=[Device])
    mine = DeviceFactory(custom_field_data={"owner": "netops"})
    DeviceFactory(custom_field_data={"owner": "facilities"})

    assert list(Device.objects.filter(_custom_field_data__owner="netops")) == [mine]
    assert list(Device.objects.filter(custom_field_data__owner="netops")) == [mine]
    assert Device.objects.exclude(_custom_field_data__owner="netops").count() == 1
    assert mine._custom_field_data is mine.cf
    mine._custom_field_data = {"owner": "security"}
    mine.validated_save()
    assert Device.objects.get(pk=mine.pk).cf == {"owner": "security"}


def test_renaming_a_field_moves_its_values():
    field = CustomFieldFactory(name="rack_ref", models=[Site])
    site = SiteFactory(custom_field_data={"rack_ref": "R1"})
    other = SiteFactory()

    field.name = "rack"
    field.validated_save()

    assert Site.objects.get(pk=site.pk).cf == {"rack": "R1"}
    assert Site.objects.get(pk=other.pk).cf == {}
