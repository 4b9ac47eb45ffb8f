"""Admin pages for users, groups, tokens (never showing a key after creation) and object permissions."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages

from tests.factories.users import UserFactory
from users.models import ObjectPermission, Token, hash_token_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/admin/users/user/",
        "/admin/users/user/add/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
        "/admin/users/token/",
        "/admin/users/token/add/",
        "/admin/users/objectpermission/",
        "/admin/users/objectpermission/add/",
    ],
)
def test_admin_pages_answer(admin_client, path):
    assert admin_client.get(path).status_code == 200


def test_creating_a_token_in_the_admin_shows_its_key_once_in_a_message(admin_client):
    owner = UserFactory()
    response = admin_client.post(
        "/admin/users/token/add/", {"user": owner.pk, "description": "from admin", "write_enabled": "on"}
    )
    assert response.status_code == 302
    token = Token.objects.get(user=owner)
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    keys = [match for message in messages for match in re.findall(r"\b[0-9a-f]{40}\b", message)]
    assert len(keys) == 1
    assert token.key_hash == hash_token_key(keys[0])
    assert token.prefix == keys[0][:8]


def test_token_admin_shows_the_prefix_and_never_the_hash(admin_client):
    token, key = Token.create_for(UserFactory())
    changelist = admin_client.get("/admin/users/token/").content.decode()
    assert token.prefix in changelist
    change = admin_client.get(f"/admin/users/token/{token.pk}/change/").content.decode()
    for secret in (key, token.key_hash):
        assert secret not in changelist
        assert secret not in change


def test_editing_a_token_in_the_admin_keeps_its_key(admin_client):
    token, key = Token.create_for(UserFactory(), description="old")
    response = admin_client.post(f"/admin/users/token/{token.pk}/change/", {"description": "new"})
    assert response.status_code == 302
    token.refresh_from_db()
    assert (token.description, token.key_hash) == ("new", hash_token_key(key))


def test_object_permission_admin_uses_side_by_side_pickers_for_types_users_and_groups(admin_client):
    html = admin_client.get("/admin/users/objectpermission/add/").content.decode()
    for field in ("object_types", "users", "groups"):
        assert re.search(rf'<select[^>]*name="{field}"[^>]*class="selectfilter', html), field


def test_object_permission_can_be_created_in_the_admin(admin_client):
    from django.contrib.contenttypes.models import ContentType

    site_type = ContentType.objects.get(app_label="dcim", model="site")
    user = UserFactory()
    response = admin_client.post(
        "/admin/users/objectpermission/add/",
        {
            "name": "view HQ",
            "enabled": "on",
            "object_types": [site_type.pk],
            "actions": '["view"]',
            "constraints": '{"name": "HQ"}',
            "users": [user.pk],
        },
    )
    assert response.status_code == 302
    permission = ObjectPermission.objects.get(name="view HQ")
    assert permission.constraints == {"name": "HQ"}
    assert list(permission.users.all()) == [user]
