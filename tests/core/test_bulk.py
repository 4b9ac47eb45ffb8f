"""Bulk edit and bulk delete of a list's selected rows: all or nothing, within the user's permissions, each
object saved (so validated and change-logged) like a single edit."""

from __future__ import annotations

import pytest

from dcim.models import Device, Region, Site
from extras.models import ObjectChange
from tests.factories.dcim import (
    DeviceFactory,
    DeviceRoleFactory,
    RegionFactory,
    SiteFactory,
    StatusFactory,
    status,
)
from tests.factories.users import grant

pytestmark = pytest.mark.django_db


def test_bulk_edit_sets_the_values_given_on_every_selected_object(admin_client):
    chosen = SiteFactory.create_batch(2, facility="old")
    untouched = SiteFactory(facility="old")
    data = {"pk": [site.pk for site in chosen], "facility": "DC-9", "status": status("planned").pk}
    response = admin_client.post("/dcim/sites/edit/", data)
    assert response.status_code == 302 and response["Location"] == "/dcim/sites/"
    for site in chosen:
        site.refresh_from_db()
        assert (site.facility, site.status.slug) == ("DC-9", "planned")
    untouched.refresh_from_db()
    assert untouched.facility == "old"
    assert (
        ObjectChange.objects.filter(action="update", changed_object_id__in=[s.pk for s in chosen]).count()
        == 2
    )


def test_bulk_edit_leaves_fields_given_no_value_alone(admin_client):
    site = SiteFactory(facility="keep", description="old")
    admin_client.post("/dcim/sites/edit/", {"pk": [site.pk], "description": "new"})
    site.refresh_from_db()
    assert (site.facility, site.description) == ("keep", "new")


def test_a_value_invalid_for_one_object_changes_none_of_them(admin_client):
    sites_only = StatusFactory(name="Sites only", applies_to=[Site])
    devices = DeviceFactory.create_batch(2)
    response = admin_client.post(
        "/dcim/devices/edit/",
        {"pk": [d.pk for d in devices], "role": DeviceRoleFactory().pk, "status": sites_only.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["form"].errors["status"])
    assert {device.role_id for device in Device.objects.all()} == {device.role_id for device in devices}


def test_a_value_one_object_refuses_changes_none_of_them(admin_client):
    top, other = RegionFactory(name="Top"), RegionFactory(name="Other")
    response = admin_client.post("/dcim/regions/edit/", {"pk": [top.pk, other.pk], "parent": top.pk})
    assert "Top: A region cannot be placed below itself" in response.content.decode()
    assert set(Region.objects.values_list("parent", flat=True)) == {None}


def test_bulk_edit_refuses_values_that_leave_the_users_permission(user_client, user):
    grant(user, Site, ["view", "change"], {"facility": "mine"})
    site = SiteFactory(facility="mine")
    response = user_client.post("/dcim/sites/edit/", {"pk": [site.pk], "facility": "theirs"})
    assert "Your permissions do not allow these values on sites." in response.content.decode()
    site.refresh_from_db()
    assert site.facility == "mine"


def test_rows_outside_the_users_permission_are_not_touched(user_client, user):
    grant(user, Site, ["view", "delete"], {"facility": "mine"})
    mine, theirs = SiteFactory(facility="mine"), SiteFactory(facility="theirs")
    confirm = user_client.get("/dcim/sites/delete/", {"pk": [mine.pk, theirs.pk]})
    assert list(confirm.context["objects"]) == [mine]
    user_client.post("/dcim/sites/delete/", {"pk": [mine.pk, theirs.pk]})
    assert list(Site.objects.all()) == [theirs]


def test_bulk_delete_of_objects_still_referenced_deletes_none(admin_client):
    busy, idle = SiteFactory(name="Busy"), SiteFactory(name="Idle")
    DeviceFactory(site=busy)
    response = admin_client.post("/dcim/sites/delete/", {"pk": [idle.pk, busy.pk]}, follow=True)
    assert "Nothing deleted: 1 device still refer to them." in response.content.decode()
    assert Site.objects.count() == 2


def test_nothing_selected_goes_back_to_the_list(admin_client):
    response = admin_client.get("/dcim/sites/edit/", {"pk": ["not-a-uuid"]})
    assert (response.status_code, response["Location"]) == (302, "/dcim/sites/")


def test_the_list_offers_the_bulk_actions_the_user_may_take(user_client, user):
    SiteFactory()
    grant(user, Site, ["view"])
    html = user_client.get("/dcim/sites/").content.decode()
    assert "Delete selected" not in html and 'name="pk"' not in html
    grant(user, Site, ["delete"])
    html = user_client.get("/dcim/sites/").content.decode()
    assert 'formaction="/dcim/sites/delete/"' in html and "Edit selected" not in html
    assert 'form="bulk-actions" aria-label="Select' in html
