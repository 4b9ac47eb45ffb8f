"""Prefixes and addresses lived under /dcim/ and /api/dcim/ before the ipam app: those paths answer with a
308 to the same path under /ipam/ (method, body and query kept), so bookmarks and clients keep working."""

from __future__ import annotations

import pytest

from ipam.models import Prefix
from tests.factories.ipam import IPAddressFactory, PrefixFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(superuser, token_client):
    return token_client(superuser)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/api/dcim/prefixes/", "/api/ipam/prefixes/"),
        ("/api/dcim/ip-addresses/?dns_name=a&limit=5", "/api/ipam/ip-addresses/?dns_name=a&limit=5"),
        ("/dcim/prefixes/add/", "/ipam/prefixes/add/"),
        ("/dcim/ip-addresses/?status=active", "/ipam/ip-addresses/?status=active"),
    ],
)
def test_an_old_path_points_to_the_new_one(admin_client, old, new):
    response = admin_client.get(old)
    assert (response.status_code, response["Location"]) == (308, new)


def test_an_old_object_url_points_to_the_object(admin):
    address = IPAddressFactory()
    response = admin.get(f"/api/dcim/ip-addresses/{address.pk}/")
    assert response["Location"] == f"/api/ipam/ip-addresses/{address.pk}/"
    assert admin.get(response["Location"]).json()["id"] == str(address.pk)


def test_a_client_following_the_redirect_writes_through_it(admin):
    payload = {"prefix": "10.9.0.0/16", "status": {"slug": "active"}}
    response = admin.post("/api/dcim/prefixes/", payload, format="json", follow=True)
    assert response.status_code == 201
    assert response.redirect_chain == [("/api/ipam/prefixes/", 308)]
    prefix = Prefix.objects.get()
    response = admin.patch(
        f"/api/dcim/prefixes/{prefix.pk}/", {"description": "moved"}, format="json", follow=True
    )
    assert response.status_code == 200
    prefix.refresh_from_db()
    assert prefix.description == "moved"


def test_the_new_paths_serve_and_the_old_names_are_gone(admin):
    PrefixFactory()
    assert admin.get("/api/ipam/prefixes/").json()["count"] == 1
    assert "prefixes" not in admin.get("/api/dcim/").json()
    assert set(admin.get("/api/").json()) >= {"dcim", "ipam", "extras", "users", "status"}
