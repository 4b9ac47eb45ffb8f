"""The change log records tagging and custom field edits as changes of the object, and tags and custom
fields themselves as change-logged models."""

from __future__ import annotations

import uuid

import pytest

from dcim.models import Device
from extras.changes.recording import ChangeContext, recording
from extras.choices import ObjectChangeActionChoices as Action
from extras.models import CustomField, Tag
from tests.factories.dcim import DeviceFactory
from tests.factories.tags import CustomFieldFactory, TagFactory

pytestmark = pytest.mark.django_db


def context() -> ChangeContext:
    return ChangeContext(request_id=uuid.uuid4(), source="web", user=None)


def test_tagging_a_device_and_setting_a_custom_field_is_one_change_of_the_device():
    CustomFieldFactory(name="owner", models=[Device])
    device = DeviceFactory()
    tag = TagFactory(name="Core")
    with recording(context()) as recorder:
        device.tags.add(tag)
        device.cf["owner"] = "netops"
        device.validated_save()
        (change,) = recorder.collect()

    assert (change.model, change.object_id, change.action) == (Device, device.pk, Action.ACTION_UPDATE)
    assert [item["name"] for item in change.postchange_data["tags"]] == ["Core"]
    assert change.prechange_data["tags"] == []
    assert change.postchange_data["custom_fields"] == {"owner": "netops"}


def test_tags_and_custom_fields_themselves_are_change_logged():
    with recording(context()) as recorder:
        tag = Tag.objects.create(name="Edge")
        field = CustomField.objects.create(name="rack_ref", label="Rack")
        changes = recorder.collect()
    assert {(change.model, change.object_id, change.action) for change in changes} == {
        (Tag, tag.pk, Action.ACTION_CREATE),
        (CustomField, field.pk, Action.ACTION_CREATE),
    }
