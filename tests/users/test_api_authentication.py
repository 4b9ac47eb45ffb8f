"""Token and session authentication on the API: unknown, expired and inactive refused with 403 and a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories.users import UserFactory
from users.models import Token

pytestmark = pytest.mark.django_db


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_anonymous_request_gets_403_with_detail(api_client):
    response = api_client.get("/api/status/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided.", "errors": {}}


def test_valid_token_authenticates_and_records_last_use():
    token, key = Token.create_for(UserFactory())
    response = client_with(key).get("/api/status/")
    assert response.status_code == 200, response.content
    token.refresh_from_db()
    assert token.last_used is not None


def test_unknown_token_is_refused():
    response = client_with("f" * 40).get("/api/status/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Invalid token"


def test_expired_token_is_refused():
    token, key = Token.create_for(UserFactory())
    Token.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(minutes=1))
    response = client_with(key).get("/api/status/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Token expired"


def test_inactive_users_token_is_refused():
    _, key = Token.create_for(UserFactory(is_active=False))
    response = client_with(key).get("/api/status/")
    assert response.status_code == 403
    assert response.json()["detail"] == "User inactive"


def test_session_login_works_for_the_api(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/api/status/").status_code == 200


def test_every_api_response_carries_api_version(api_client):
    assert api_client.get("/api/status/")["API-Version"] == "1.2"
    assert api_client.get("/api/no-such-endpoint/")["API-Version"] == "1.2"


def test_api_version_negotiated_from_accept_header_or_query():
    _, key = Token.create_for(UserFactory())
    client = client_with(key)
    assert client.get("/api/status/", HTTP_ACCEPT="application/json; version=1.3")["API-Version"] == "1.3"
    assert client.get("/api/status/?api_version=1.3")["API-Version"] == "1.3"
    mismatch = client.get("/api/status/?api_version=1.2", HTTP_ACCEPT="application/json; version=1.3")
    assert mismatch.status_code == 400


def test_trailing_semicolon_accept_header_is_tolerated():
    _, key = Token.create_for(UserFactory())
    response = client_with(key).get("/api/status/", HTTP_ACCEPT="application/json;")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("keyword", ["Bearer", "bearer", "Token"])
def test_a_token_is_accepted_after_either_keyword_netbox_4_clients_send(keyword):
    _, key = Token.create_for(UserFactory())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {key}")
    assert client.get("/api/status/").status_code == 200


def test_an_unknown_bearer_token_is_refused_like_any_other():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {'f' * 40}")
    response = client.get("/api/status/")
    assert (response.status_code, response.json()["detail"]) == (403, "Invalid token")
