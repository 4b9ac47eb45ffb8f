"""A data-driven base for REST API tests: declare the model, a factory and payloads; inherit CRUD and permission tests.

Subclass `APITestBase` in a `Test…` class and set:
- `model`, and `factory` (a factory_boy factory) or override `make_objects()` (three saved objects);
- `create_payloads()` returning request bodies that must create objects (each is checked field by field
  for the plain scalar values it sends);
- `update_payload()` returning a PATCH body for an existing object.
"""

from __future__ import annotations

import json

import pytest
from django.db.models import Model
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories.users import SuperuserFactory, UserFactory, grant, token_for


def assert_status(response, expected: int) -> None:
    """Assert the HTTP status, showing the response body when it differs."""
    if response.status_code != expected:
        try:
            body = json.dumps(response.json(), indent=2, default=str)
        except ValueError:
            body = response.content.decode(errors="replace")[:2000]
        pytest.fail(f"expected HTTP {expected}, got {response.status_code}:\n{body}")


def client_for(user, **token_options) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, **token_options)}")
    return client


@pytest.mark.django_db
class APITestBase:
    model: type[Model]
    factory = None
    api_namespace: str = ""  # defaults to "<app_label>-api"

    # --- what subclasses declare -----------------------------------------------------------------
    def make_objects(self) -> list[Model]:
        return list(self.factory.create_batch(3))

    def create_payloads(self) -> list[dict]:
        raise AssertionError(f"{type(self).__name__} must declare create_payloads()")

    def update_payload(self) -> dict:
        raise AssertionError(f"{type(self).__name__} must declare update_payload()")

    # --- helpers ---------------------------------------------------------------------------------
    def _view_name(self, suffix: str) -> str:
        namespace = self.api_namespace or f"{self.model._meta.app_label}-api"
        return f"{namespace}:{self.model._meta.model_name}-{suffix}"

    def list_url(self) -> str:
        return reverse(self._view_name("list"))

    def detail_url(self, obj: Model) -> str:
        return reverse(self._view_name("detail"), kwargs={"pk": obj.pk})

    @staticmethod
    def assert_payload_saved(payload: dict, data: dict) -> None:
        for key, value in payload.items():
            if isinstance(value, str | int | bool) and not key.endswith("_id") and key in data:
                shown = data[key]
                if isinstance(shown, dict):  # a choice ({value, label}) or a related object ({id, ...})
                    shown = shown.get("value", shown.get("id"))
                assert shown == value, f"{key}: sent {value!r}, got {data[key]!r}"

    # --- list and detail -------------------------------------------------------------------------
    def test_list_is_paginated(self, admin_api):
        objects = self.make_objects()
        response = admin_api.get(self.list_url(), {"limit": 2})
        assert_status(response, 200)
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}
        assert body["count"] == self.model.objects.count() >= len(objects)
        assert len(body["results"]) == 2
        assert body["next"] is not None and body["previous"] is None

    def test_every_object_has_id_url_and_display(self, admin_api):
        self.make_objects()
        for item in admin_api.get(self.list_url()).json()["results"]:
            obj = self.model.objects.get(pk=item["id"])
            assert item["url"].endswith(self.detail_url(obj))
            assert item["display"]

    def test_get_detail(self, admin_api):
        obj = self.make_objects()[0]
        response = admin_api.get(self.detail_url(obj))
        assert_status(response, 200)
        assert response.json()["id"] == str(obj.pk)

    # --- writes ----------------------------------------------------------------------------------
    def test_create(self, admin_api):
        payloads = self.create_payloads()
        assert payloads, "declare at least one create payload"
        before = self.model.objects.count()
        for payload in payloads:
            response = admin_api.post(self.list_url(), payload, format="json")
            assert_status(response, 201)
            self.assert_payload_saved(payload, response.json())
            assert self.model.objects.filter(pk=response.json()["id"]).exists()
        assert self.model.objects.count() == before + len(payloads)

    def test_update(self, admin_api):
        payload = self.update_payload()
        assert payload, "declare an update payload"
        obj = self.make_objects()[0]
        response = admin_api.patch(self.detail_url(obj), payload, format="json")
        assert_status(response, 200)
        self.assert_payload_saved(payload, response.json())

    def test_delete(self, admin_api):
        obj = self.make_objects()[0]
        assert_status(admin_api.delete(self.detail_url(obj)), 204)
        assert not self.model.objects.filter(pk=obj.pk).exists()

    # --- permissions -----------------------------------------------------------------------------
    def test_anonymous_is_refused(self, db):
        assert_status(APIClient().get(self.list_url()), 403)

    def test_user_without_permission_is_refused(self, db):
        self.make_objects()
        assert_status(client_for(UserFactory()).get(self.list_url()), 403)

    def test_constrained_permission_shows_only_matching_objects(self, db):
        visible, hidden, *_ = self.make_objects()
        user = UserFactory()
        grant(user, self.model, ["view"], {"id": str(visible.pk)})
        client = client_for(user)
        body = client.get(self.list_url()).json()
        assert [item["id"] for item in body["results"]] == [str(visible.pk)]
        assert_status(client.get(self.detail_url(hidden)), 404)

    def test_view_permission_does_not_allow_writes(self, db):
        obj = self.make_objects()[0]
        user = UserFactory()
        grant(user, self.model, ["view"])
        client = client_for(user)
        assert_status(client.get(self.detail_url(obj)), 200)
        assert_status(client.delete(self.detail_url(obj)), 403)
        assert self.model.objects.filter(pk=obj.pk).exists()

    def test_read_only_token_cannot_write(self, db):
        obj = self.make_objects()[0]
        client = client_for(SuperuserFactory(), write_enabled=False)
        assert_status(client.get(self.detail_url(obj)), 200)
        assert_status(client.delete(self.detail_url(obj)), 403)
        for payload in self.create_payloads()[:1]:
            assert_status(client.post(self.list_url(), payload, format="json"), 403)
