"""Object links in API bodies: built from one reversed pattern per request, equal to Django's reverse()."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.reverse import reverse
from rest_framework.test import APIRequestFactory

from core.api.links import ObjectUrlField
from tests.factories.dcim import ManufacturerFactory

pytestmark = pytest.mark.django_db


def bound_field(view_name: str, request) -> ObjectUrlField:
    field = ObjectUrlField(view_name=view_name)
    field._context = {"request": request}
    return field


def test_a_uuid_keyed_link_equals_the_reversed_one():
    request = APIRequestFactory().get("/api/dcim/manufacturers/", HTTP_HOST="127.0.0.1:8080")
    manufacturers = ManufacturerFactory.create_batch(3)
    field = bound_field("dcim-api:manufacturer-detail", request)

    links = [field.to_representation(manufacturer) for manufacturer in manufacturers]

    expected = [
        reverse("dcim-api:manufacturer-detail", kwargs={"pk": m.pk}, request=request) for m in manufacturers
    ]
    assert links == expected and len(set(links)) == 3


def test_an_integer_keyed_link_equals_the_reversed_one():
    request = APIRequestFactory().get("/api/users/users/")
    user = get_user_model().objects.create(username="linked")
    field = bound_field("users-api:user-detail", request)

    assert field.to_representation(user) == reverse(
        "users-api:user-detail", kwargs={"pk": user.pk}, request=request
    )
