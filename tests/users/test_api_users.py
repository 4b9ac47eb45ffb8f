"""/api/users/users/: read-only accounts, so nested `user` links resolve; view permission required."""

from __future__ import annotations

import pytest

from tests.api_base import assert_status
from users.models import User

pytestmark = pytest.mark.django_db


def test_users_are_listed_and_linked(superuser, token_client):
    client = token_client(superuser)
    listed = client.get("/api/users/users/", {"username": superuser.username}).json()
    assert listed["count"] == 1
    detail = client.get(listed["results"][0]["url"]).json()
    assert detail["username"] == superuser.username and "password" not in detail


def test_users_need_view_permission(user, token_client, grant_permission):
    client = token_client(user)
    assert_status(client.get("/api/users/users/"), 403)
    grant_permission(user, User, ["view"])
    assert_status(client.get("/api/users/users/"), 200)


def test_users_are_read_only(superuser, token_client):
    response = token_client(superuser).post("/api/users/users/", {"username": "x"}, format="json")
    assert_status(response, 405)
