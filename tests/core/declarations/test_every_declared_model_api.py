"""The REST API every declared model gets from its declaration, tested for each one without naming it:
CRUD (an object recreated from its own representation), unknown fields refused, brief mode, filters, search,
permissions, the change log, and a list that costs as many queries for 10 rows as for 2.

A model declared in a later app is tested here as soon as it is declared and has a factory.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from extras.models import ObjectChange
from tests.api_base import assert_status, client_for
from tests.core.declarations.support import (
    every_declaration,
    filter_values,
    make,
    searchable_object,
    writable_payload,
)
from tests.factories import factory_for
from tests.factories.users import SuperuserFactory, UserFactory, grant

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("declaration", every_declaration())]

VOLATILE = {"id", "url", "created", "last_updated"}


def list_url(declaration) -> str:
    meta = declaration.model._meta
    return reverse(f"{meta.app_label}-api:{meta.model_name}-list")


def detail_url(declaration, obj) -> str:
    meta = declaration.model._meta
    return reverse(f"{meta.app_label}-api:{meta.model_name}-detail", kwargs={"pk": obj.pk})


@pytest.fixture
def admin(db) -> APIClient:
    return client_for(SuperuserFactory())


def test_every_declared_model_has_a_factory(declaration):
    assert factory_for(declaration.model)


def test_an_object_is_recreated_from_its_own_representation(admin, declaration):
    """GET an object, delete it, POST back its writable fields: the same object again (201), then PATCH, DELETE."""
    obj = make(declaration)[0]
    original = admin.get(detail_url(declaration, obj)).json()
    payload = writable_payload(declaration, original)
    obj.delete()

    response = admin.post(list_url(declaration), payload, format="json")

    assert_status(response, 201)
    created = response.json()
    assert {key: value for key, value in created.items() if key not in VOLATILE} == {
        key: value for key, value in original.items() if key not in VOLATILE
    }
    assert ObjectChange.objects.filter(changed_object_id=created["id"], action="create").exists()
    recreated = declaration.model.objects.get(pk=created["id"])
    assert_status(admin.patch(detail_url(declaration, recreated), payload, format="json"), 200)
    assert_status(admin.delete(detail_url(declaration, recreated)), 204)
    assert not declaration.model.objects.filter(pk=recreated.pk).exists()


def test_a_field_the_model_does_not_have_is_refused_by_name_not_dropped(admin, declaration):
    """`{"mtu": 9000}` on a model without it: 400 naming `mtu`, nothing created or changed (issue 25)."""
    obj = make(declaration)[0]
    original = admin.get(detail_url(declaration, obj)).json()
    payload = writable_payload(declaration, original)
    obj.delete()
    before = declaration.model.objects.count()

    created = admin.post(list_url(declaration), {**payload, "no_such_field": 1}, format="json")

    assert_status(created, 400)
    assert list(created.json()["errors"]) == ["no_such_field"]
    assert declaration.model.objects.count() == before
    kept = make(declaration)[0]
    changed = admin.patch(detail_url(declaration, kept), {"no_such_field": 1}, format="json")
    assert_status(changed, 400)
    assert list(changed.json()["errors"]) == ["no_such_field"]


def test_brief_mode_shows_the_identifying_fields(admin, declaration):
    make(declaration)
    for item in admin.get(list_url(declaration), {"brief": "1"}).json()["results"]:
        assert list(item) == ["id", "url", "display", *declaration.brief_fields]


def test_each_declared_filter_finds_the_object_it_was_read_from(admin, declaration):
    obj, _other = make(declaration, 2)
    for name, value in filter_values(declaration, obj).items():
        response = admin.get(list_url(declaration), {name: value, "limit": 0})
        assert_status(response, 200)
        assert str(obj.pk) in {item["id"] for item in response.json()["results"]}, (name, value)


def test_search_finds_the_object(admin, declaration):
    make(declaration)
    obj, term = searchable_object(declaration)
    results = admin.get(list_url(declaration), {"q": term, "limit": 0}).json()["results"]
    assert [item["id"] for item in results] == [str(obj.pk)]


def test_permissions_are_checked_per_object(declaration):
    visible, hidden = make(declaration, 2)
    assert_status(APIClient().get(list_url(declaration)), 403)
    user = UserFactory()
    client = client_for(user)
    assert_status(client.get(list_url(declaration)), 403)
    grant(user, declaration.model, ["view"], {"id": str(visible.pk)})
    assert [item["id"] for item in client.get(list_url(declaration)).json()["results"]] == [str(visible.pk)]
    assert_status(client.get(detail_url(declaration, hidden)), 404)
    assert_status(client.delete(detail_url(declaration, visible)), 403)
    assert declaration.model.objects.filter(pk=visible.pk).exists()


def test_the_list_costs_the_same_queries_for_more_rows(admin, declaration, django_assert_max_num_queries):
    make(declaration, 2)
    admin.get(list_url(declaration))  # the first request also stamps the token's last use
    with django_assert_max_num_queries(50) as few:
        admin.get(list_url(declaration), {"limit": 0})
    make(declaration, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin.get(list_url(declaration), {"limit": 0})
    assert len(response.json()["results"]) == declaration.model.objects.count()
