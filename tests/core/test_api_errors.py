"""Every refusal of the REST API has one body: {"detail": "<sentence>", "errors": {"<field>": [...]}}.

Here the inventory, users, status and schema endpoints and what every endpoint shares (versions,
authentication, permissions, routing, parsing), then the pieces of core/api/errors.py and the
exception handler; the jobs endpoints are in tests/extras/api/test_errors.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework import exceptions
from rest_framework.test import APIClient

from core.api.errors import flatten_errors, summarise_errors
from core.api.exceptions import exception_handler
from core.refusals import Refusal
from extras.engine.submission_errors import (
    BrokerUnavailable,
    InvalidTaskQueue,
    JobIsSingleton,
    NoWorkerAvailable,
    ScheduleError,
)
from tests.api_errors import assert_error_shape
from tests.factories import dcim as dcim_factories
from tests.factories import ipam as ipam_factories
from tests.factories.users import SuperuserFactory, UserFactory, token_for

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """A superuser with a token client, and clients for anyone else."""

    admin: APIClient
    superuser: object

    def client(self, user=None, **token_options) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user, **token_options)}")
        return client


@pytest.fixture
def world(db) -> World:
    superuser = SuperuserFactory()
    world = World(admin=APIClient(), superuser=superuser)
    world.admin = world.client(superuser)
    return world


# --- the cases: a request, its status, the fields of `errors` ----------------------------------------------


def dcim_bad_field(w):
    return w.admin.post(
        "/api/ipam/prefixes/", {"prefix": "banana", "status": {"slug": "active"}}, format="json"
    )


def dcim_nested_lookup(w):
    return w.admin.post(
        "/api/ipam/prefixes/", {"prefix": "10.0.0.0/8", "status": {"slug": "nope"}}, format="json"
    )


def dcim_duplicate(w):
    ipam_factories.PrefixFactory(prefix="10.0.0.0/24")
    return w.admin.post(
        "/api/ipam/prefixes/", {"prefix": "10.0.0.0/24", "status": {"slug": "active"}}, format="json"
    )


def dcim_filter(w):
    return w.admin.get("/api/dcim/device-types/", {"manufacturer_id": "not-a-uuid"})


def dcim_protected_delete(w):
    device_type = dcim_factories.DeviceTypeFactory()
    return w.admin.delete(f"/api/dcim/manufacturers/{device_type.manufacturer_id}/")


def version_header(w):
    return w.admin.get("/api/dcim/sites/", HTTP_ACCEPT="application/json; version=9.9")


def version_query(w):
    return w.admin.get("/api/dcim/sites/", {"api_version": "9.9"})


def version_mismatch(w):
    return w.admin.get(
        "/api/dcim/sites/", {"api_version": "1.2"}, HTTP_ACCEPT="application/json; version=1.3"
    )


def unauthenticated(w):
    return w.client().get("/api/dcim/sites/")


def invalid_token(w):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "f" * 40)
    return client.get("/api/status/")


def read_only_token(w):
    return w.client(w.superuser, write_enabled=False).post(
        "/api/dcim/manufacturers/", {"name": "A"}, format="json"
    )


def no_permission(w):
    return w.client(UserFactory()).get("/api/dcim/sites/")


def object_not_found(w):
    return w.admin.get(f"/api/dcim/sites/{uuid.uuid4()}/")


def method_not_allowed(w):
    return w.admin.put("/api/extras/job-results/", {}, format="json")


def malformed_json(w):
    return w.admin.post("/api/dcim/manufacturers/", "{not json", content_type="application/json")


def unsupported_media_type(w):
    return w.admin.post("/api/dcim/manufacturers/", "name=A", content_type="text/plain")


def unknown_api_url(w):
    return w.admin.get("/api/nonexistent/")


def session_post_without_csrf(w):
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.superuser)
    return client.post(
        "/api/dcim/manufacturers/", {"name": "A", "slug": "a"}, content_type="application/json"
    )


def status_anonymous(w):
    return w.client().get("/api/status/")


def schema_post(w):
    return w.admin.post("/api/schema/", HTTP_ACCEPT="application/json")  # else the schema's YAML renderer


def users_without_permission(w):
    return w.client(UserFactory()).get("/api/users/users/")


def users_not_found(w):
    return w.admin.get(f"/api/users/users/{uuid.uuid4()}/")


def users_create(w):
    return w.admin.post("/api/users/users/", {"username": "x"}, format="json")


CASES = [
    # the inventory
    (dcim_bad_field, 400, ["prefix"]),
    (dcim_nested_lookup, 400, ["status"]),
    (dcim_duplicate, 400, ["prefix"]),
    (dcim_filter, 400, ["manufacturer_id"]),
    (dcim_protected_delete, 409, []),
    # versions, authentication, permissions, routing, parsing
    (version_header, 406, []),
    (version_query, 404, []),
    (version_mismatch, 400, []),
    (unauthenticated, 403, []),
    (invalid_token, 403, []),
    (read_only_token, 403, []),
    (no_permission, 403, []),
    (object_not_found, 404, []),
    (method_not_allowed, 405, []),
    (malformed_json, 400, []),
    (unsupported_media_type, 415, []),
    (unknown_api_url, 404, []),
    (session_post_without_csrf, 403, []),
    (status_anonymous, 403, []),
    (schema_post, 405, []),
    (users_without_permission, 403, []),
    (users_not_found, 404, []),
    (users_create, 405, []),
]


@pytest.mark.parametrize(
    ("make_request", "status", "fields"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_every_refusal_has_the_one_error_shape(world, make_request, status, fields):
    assert_error_shape(make_request(world), status, fields)


def test_drf_details_are_kept(world):
    assert (
        assert_error_shape(unauthenticated(world), 403)["detail"]
        == "Authentication credentials were not provided."
    )
    assert assert_error_shape(invalid_token(world), 403)["detail"] == "Invalid token"
    assert (
        assert_error_shape(read_only_token(world), 403)["detail"]
        == "This token does not have write permission."
    )
    assert assert_error_shape(method_not_allowed(world), 405)["detail"] == 'Method "PUT" not allowed.'
    assert assert_error_shape(version_header(world), 406)["detail"] == 'Invalid version in "Accept" header.'
    assert assert_error_shape(unknown_api_url(world), 404)["detail"] == "Not found."
    assert assert_error_shape(session_post_without_csrf(world), 403)["detail"].startswith("CSRF Failed")
    assert assert_error_shape(malformed_json(world), 400)["detail"].startswith("JSON parse error")


def test_the_api_version_header_is_on_an_unknown_api_url(world):
    assert unknown_api_url(world)["API-Version"]


def test_an_unknown_page_outside_the_api_is_still_html(world, client):
    client.force_login(world.superuser)
    response = client.get("/nonexistent/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- the pieces -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("detail", "flat"),
    [
        ({"name": ["required"]}, {"name": ["required"]}),
        (
            {"schedule": {"interval": ["bad"], "name": ["missing"]}},
            {"schedule.interval": ["bad"], "schedule.name": ["missing"]},
        ),
        ({"tags": {0: ["bad"], 2: ["worse"]}}, {"tags.0": ["bad"], "tags.2": ["worse"]}),
        ({"items": [{}, {"name": ["bad"]}]}, {"items.1.name": ["bad"]}),
        (["whole"], {"non_field_errors": ["whole"]}),
        ("whole", {"non_field_errors": ["whole"]}),
        ({"non_field_errors": ["a"], "x": ["b"]}, {"non_field_errors": ["a"], "x": ["b"]}),
        ({"schedule": {"non_field_errors": ["a"]}}, {"schedule": ["a"]}),
        ({"__all__": ["a"]}, {"non_field_errors": ["a"]}),
        ({"a": {"b": {"c": ["deep"]}}}, {"a.b.c": ["deep"]}),
    ],
)
def test_flatten_errors(detail, flat):
    assert flatten_errors(detail) == flat


@pytest.mark.parametrize(
    ("errors", "summary"),
    [
        ({"name": ["This field is required."]}, "name: This field is required."),
        ({"non_field_errors": ["Something is wrong."]}, "Something is wrong."),
        ({"a": ["x", "y"]}, "Invalid input in a."),
        ({"a": ["x"], "b.c": ["y"]}, "Invalid input in a, b.c."),
        ({"non_field_errors": ["x", "y"]}, "x y"),
        ({"non_field_errors": ["x"], "a": ["y"]}, "Invalid input in a."),
        ({}, "Invalid input."),
    ],
)
def test_summarise_errors(errors, summary):
    assert summarise_errors(errors) == summary


def test_throttling_has_the_shape_and_keeps_retry_after():
    response = exception_handler(exceptions.Throttled(wait=5), {})
    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert set(response.data) == {"detail", "errors"} and response.data["errors"] == {}
    assert response.data["detail"].startswith("Request was throttled.")


@pytest.mark.parametrize(
    ("refusal", "status", "errors"),
    [
        (Refusal("Not like that.", field="name"), 400, {"name": ["Not like that."]}),
        (JobIsSingleton("Already running."), 409, {}),
        (InvalidTaskQueue("No such queue."), 400, {"task_queue": ["No such queue."]}),
        (NoWorkerAvailable("No worker is listening."), 503, {}),
        (BrokerUnavailable("The task broker is unreachable."), 503, {}),
        (ScheduleError({"interval": ["Bad."]}), 400, {"schedule.interval": ["Bad."]}),
    ],
)
def test_a_services_refusal_answers_with_the_status_it_carries(refusal, status, errors):
    """Services raise Refusals; the handler maps them in one place, so no view writes its own 503."""
    response = exception_handler(refusal, {})
    assert response.status_code == status
    assert response.data == {"detail": refusal.message, "errors": errors}
