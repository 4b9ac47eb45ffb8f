"""Tags and custom fields in every inventory model's REST API (from its declaration): nested tags read and
written as NetBox accepts them, `custom_fields` read and merged, their errors under `custom_fields`, the
`tag` (AND) and `cf_<name>` filters, and lists that cost the same queries however many tags."""

from __future__ import annotations

import pytest

from dcim.models import Device
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape
from tests.factories.dcim import DeviceFactory, SiteFactory
from tests.factories.tags import CustomFieldFactory, TagFactory

pytestmark = pytest.mark.django_db

DEVICES = "/api/dcim/devices/"


def test_a_device_reads_its_tags_and_every_custom_field(admin_api):
    CustomFieldFactory(name="asset_tag", models=[Device])
    CustomFieldFactory(name="rack_unit", type="integer", models=[Device])
    tag = TagFactory(name="Core", slug="core", color="ff0000")
    device = DeviceFactory(custom_field_data={"asset_tag": "A-1"})
    device.tags.add(tag)

    data = admin_api.get(f"{DEVICES}{device.pk}/").json()

    assert data["custom_fields"] == {"asset_tag": "A-1", "rack_unit": None}
    [read] = data["tags"]
    assert {key: read[key] for key in ("id", "name", "slug", "color", "display")} == {
        "id": str(tag.pk),
        "name": "Core",
        "slug": "core",
        "color": "ff0000",
        "display": "Core",
    }
    assert read["url"].endswith(f"/api/extras/tags/{tag.pk}/")


def test_tags_are_written_by_id_name_or_slug_and_custom_fields_merge(admin_api):
    CustomFieldFactory(name="owner", models=[Device])
    CustomFieldFactory(name="monitored", type="boolean", default=True, models=[Device])
    by_id, by_name, by_slug = TagFactory(), TagFactory(), TagFactory()
    device = DeviceFactory()

    response = admin_api.patch(
        f"{DEVICES}{device.pk}/",
        {
            "tags": [str(by_id.pk), {"name": by_name.name}, {"slug": by_slug.slug}],
            "custom_fields": {"owner": "ops"},
        },
        format="json",
    )

    assert_status(response, 200)
    assert set(device.tags.all()) == {by_id, by_name, by_slug}
    assert response.json()["custom_fields"] == {"owner": "ops", "monitored": True}
    response = admin_api.patch(
        f"{DEVICES}{device.pk}/", {"custom_fields": {"monitored": False}}, format="json"
    )
    assert response.json()["custom_fields"] == {"owner": "ops", "monitored": False}
    assert_status(admin_api.patch(f"{DEVICES}{device.pk}/", {"tags": []}, format="json"), 200)
    assert not device.tags.exists()


def test_a_bad_custom_field_value_is_a_400_naming_custom_fields(admin_api):
    CustomFieldFactory(name="rack_unit", type="integer", validation_maximum=48, models=[Device])
    device = DeviceFactory()

    response = admin_api.patch(f"{DEVICES}{device.pk}/", {"custom_fields": {"rack_unit": 50}}, format="json")

    body = assert_error_shape(response, 400, ["custom_fields"])
    assert body["errors"]["custom_fields"] == [
        "Invalid value for custom field 'rack_unit': The maximum is 48."
    ]
    response = admin_api.patch(f"{DEVICES}{device.pk}/", {"custom_fields": "x"}, format="json")
    assert_error_shape(response, 400, ["custom_fields"])


def test_a_new_device_takes_its_tags_and_defaults(admin_api):
    CustomFieldFactory(name="monitored", type="boolean", default=True, models=[Device])
    tag = TagFactory()
    template = DeviceFactory()
    payload = {
        "name": "new-1",
        "site": str(template.site_id),
        "device_type": str(template.device_type_id),
        "role": str(template.role_id),
        "status": str(template.status_id),
        "tags": [{"slug": tag.slug}],
    }

    response = admin_api.post(DEVICES, payload, format="json")

    assert_status(response, 201)
    created = Device.objects.get(name="new-1")
    assert list(created.tags.all()) == [tag]
    assert created.cf == {"monitored": True}


def test_tag_filters_match_every_tag_and_cf_filters_by_value(admin_api):
    CustomFieldFactory(name="units", type="integer", models=[Device])
    red, blue = TagFactory(slug="red"), TagFactory(slug="blue")
    both, only_red, none = DeviceFactory(), DeviceFactory(), DeviceFactory(custom_field_data={"units": 2})
    both.tags.set([red, blue])
    only_red.tags.set([red])

    def ids(params) -> set[str]:
        response = admin_api.get(DEVICES, params)
        assert_status(response, 200)
        return {item["id"] for item in response.json()["results"]}

    assert ids({"tag": ["red"]}) == {str(both.pk), str(only_red.pk)}
    assert ids({"tag": ["red", "blue"]}) == {str(both.pk)}
    assert ids({"cf_units": "2"}) == {str(none.pk)}
    assert ids({"cf_units": "3"}) == set()
    assert ids({"cf_units": "two"}) == set()


def test_a_tagged_list_costs_the_same_queries_for_more_rows(admin_api, django_assert_max_num_queries):
    tags = [TagFactory() for _ in range(3)]
    site = SiteFactory()

    def tagged_devices(count: int) -> None:
        for _ in range(count):
            DeviceFactory(site=site).tags.set(tags)

    tagged_devices(2)
    admin_api.get(DEVICES)
    with django_assert_max_num_queries(60) as few:
        admin_api.get(DEVICES, {"limit": 0})
    tagged_devices(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_api.get(DEVICES, {"limit": 0})
    assert all(len(item["tags"]) == 3 for item in response.json()["results"])
