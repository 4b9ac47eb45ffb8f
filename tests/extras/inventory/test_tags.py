"""Tags: django-taggit's manager on every inventory model, with our UUID-keyed Tag and its content types."""

from __future__ import annotations

import pytest

from dcim.models import Device, Site
from extras.models import Tag
from tests.factories.dcim import DeviceFactory, SiteFactory
from tests.factories.tags import TagFactory

pytestmark = pytest.mark.django_db


def test_a_tag_takes_its_slug_from_its_name():
    tag = Tag(name="Needs Audit")
    tag.validated_save()
    assert tag.slug == "needs-audit"
    assert Tag.objects.create(name="Core Router").slug == "core-router"


def test_tags_given_by_name_are_created_as_taggit_does():
    device = DeviceFactory()
    device.tags.add("backbone")
    assert Tag.objects.get(name="backbone").slug == "backbone"
    assert list(device.tags.names()) == ["backbone"]


def test_a_tag_without_content_types_applies_to_every_model():
    anywhere = TagFactory()
    devices_only = TagFactory()
    devices_only.content_types.set([Tag.content_types.field.related_model.objects.get_for_model(Device)])

    assert set(Tag.objects.get_for_model(Device)) == {anywhere, devices_only}
    assert list(Tag.objects.get_for_model(Site)) == [anywhere]


def test_tagged_objects_prefetch_their_tags_in_one_query(django_assert_num_queries):
    for _ in range(3):
        SiteFactory().tags.add(TagFactory())
    with django_assert_num_queries(2):
        names = [[tag.name for tag in site.tags.all()] for site in Site.objects.prefetch_related("tags")]
    assert all(len(tags) == 1 for tags in names)
