"""REST API of the inventory and its callers: tokens, constrained permissions, and what they let one see."""

from __future__ import annotations

from django.urls import reverse

from dcim.models import Device, DeviceRole, DeviceType, Site, Status
from tests.api_errors import assert_error_shape
from tests.factories import dcim as f
from users.models import Token


def url(name: str, **kwargs) -> str:
    return reverse(f"dcim-api:{name}", kwargs=kwargs or None)


def test_expired_and_unknown_tokens_are_refused(db, superuser, token_client):
    expired = token_client(superuser)
    Token.objects.update(expires="2000-01-01T00:00:00Z")
    assert expired.get(url("site-list")).status_code == 403
    unknown = token_client(superuser)
    unknown.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    response = unknown.get(url("site-list"))
    assert response.status_code == 403
    assert response.json()["detail"] == "Invalid token"


def test_constrained_permission_by_field_shows_only_matching_sites(db, user, token_client, grant_permission):
    europe = f.RegionFactory(slug="europe")
    paris = f.SiteFactory(region=europe)
    f.SiteFactory()
    grant_permission(user, Site, ["view"], {"region__slug": "europe"})
    body = token_client(user).get(url("site-list")).json()
    assert [item["id"] for item in body["results"]] == [str(paris.pk)]


def test_constrained_user_cannot_reference_invisible_objects(db, user, token_client, grant_permission):
    visible, hidden = f.SiteFactory(), f.SiteFactory()
    grant_permission(user, Site, ["view"], {"pk": str(visible.pk)})
    grant_permission(user, Device, ["view", "add"])
    for model in (DeviceType, DeviceRole, Status):
        grant_permission(user, model, ["view"])
    payload = {
        "name": "sneaky",
        "site": str(hidden.pk),
        "device_type": str(f.DeviceTypeFactory().pk),
        "role": str(f.DeviceRoleFactory().pk),
        "status": {"slug": "active"},
    }
    response = token_client(user).post(url("device-list"), payload, format="json")
    assert_error_shape(response, 400)
    assert "site" in response.json()["errors"]


def test_constrained_add_permission_refuses_objects_outside_it(db, user, token_client, grant_permission):
    grant_permission(user, Status, ["view"])
    grant_permission(user, Site, ["view", "add"], {"slug__startswith": "lab-"})
    client = token_client(user)
    payload = {"name": "HQ", "slug": "hq", "status": {"slug": "active"}}
    assert client.post(url("site-list"), payload, format="json").status_code == 403
    assert not Site.objects.exists()
    payload = {"name": "Lab 1", "slug": "lab-1", "status": {"slug": "active"}}
    assert client.post(url("site-list"), payload, format="json").status_code == 201


def test_filtering_by_an_invisible_object_looks_like_filtering_by_a_missing_one(
    db, user, token_client, grant_permission
):
    visible, hidden = f.SiteFactory(), f.SiteFactory()
    grant_permission(user, Site, ["view"], {"pk": str(visible.pk)})
    grant_permission(user, Device, ["view"])
    client = token_client(user)
    assert client.get(url("device-list"), {"site_id": str(visible.pk)}).status_code == 200
    invisible = client.get(url("device-list"), {"site_id": str(hidden.pk)})
    missing = client.get(url("device-list"), {"site_id": "00000000-0000-0000-0000-000000000000"})
    assert (invisible.status_code, missing.status_code) == (400, 400)
