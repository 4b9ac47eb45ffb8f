"""The user's own pages: profile, and API tokens shown once, stored hashed, managed only by their owner."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dcim.models import Site
from tests.factories.users import GroupFactory, UserFactory, grant
from users.models import Token, hash_token_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def created_key(response) -> str:
    match = re.search(r'<output id="token-key"[^>]*>([0-9a-f]{40})</output>', response.content.decode())
    assert match, "the new key is shown on the page"
    return match.group(1)


def test_profile_shows_groups_and_permissions(logged_in, user):
    group = GroupFactory(name="operators")
    user.groups.add(group)
    grant(user, Site, ["view", "change"], {"name": "HQ"}, group=group)
    html = logged_in.get("/users/profile/").content.decode()
    assert "operators" in html
    assert "dcim.site" in html
    assert "view, change" in html


def test_created_token_key_is_shown_once_and_only_its_hash_is_stored(logged_in, user):
    response = logged_in.post("/users/tokens/add/", {"description": "CI", "write_enabled": "on"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = created_key(response)
    token = Token.objects.get(user=user)
    assert token.key_hash == hash_token_key(key)
    assert key not in [str(value) for value in Token.objects.filter(pk=token.pk).values_list().get()]
    listing = logged_in.get("/users/tokens/").content.decode()
    assert key not in listing
    assert f"{token.prefix}…" in listing


def test_created_token_works_for_the_api(logged_in, user):
    key = created_key(logged_in.post("/users/tokens/add/", {"write_enabled": "on"}))
    grant(user, Site, ["view"])
    response = Client().get("/api/dcim/sites/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200


def test_read_only_token_with_expiry(logged_in, user):
    logged_in.post("/users/tokens/add/", {"expires_in_days": "7"})
    token = Token.objects.get(user=user)
    assert token.write_enabled is False
    assert token.expires is not None


def test_invalid_expiry_re_renders_the_form_with_the_error(logged_in):
    response = logged_in.post("/users/tokens/add/", {"expires_in_days": "0", "description": "kept"})
    assert response.status_code == 200
    assert "expires_in_days" in response.context["form"].errors
    assert 'value="kept"' in response.content.decode()
    assert not Token.objects.exists()


def test_token_list_shows_only_the_users_own_tokens(logged_in, user):
    mine, _ = Token.create_for(user, description="mine")
    theirs, _ = Token.create_for(UserFactory(), description="theirs")
    response = logged_in.get("/users/tokens/")
    assert list(response.context["tokens"]) == [mine]
    assert theirs.prefix not in response.content.decode()


def test_user_deletes_own_token_after_confirming(logged_in, user):
    token, _ = Token.create_for(user)
    assert "Delete the token" in logged_in.get(f"/users/tokens/{token.pk}/delete/").content.decode()
    response = logged_in.post(f"/users/tokens/{token.pk}/delete/")
    assert response["Location"] == "/users/tokens/"
    assert not Token.objects.filter(pk=token.pk).exists()


def test_another_users_token_cannot_be_seen_or_deleted(logged_in):
    token, _ = Token.create_for(UserFactory())
    assert logged_in.get(f"/users/tokens/{token.pk}/delete/").status_code == 404
    assert logged_in.post(f"/users/tokens/{token.pk}/delete/").status_code == 404
    assert Token.objects.filter(pk=token.pk).exists()


def test_token_creation_requires_a_csrf_token(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post("/users/tokens/add/", {"write_enabled": "on"}).status_code == 403
    assert not Token.objects.exists()
