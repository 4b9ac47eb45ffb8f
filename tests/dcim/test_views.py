"""Inventory web pages: list, detail, add, edit and delete, under object permissions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.declarations import declarations
from dcim.models import Device, Interface, Site, Status
from tests.factories.dcim import (
    CableFactory,
    DeviceFactory,
    DeviceRoleFactory,
    DeviceTypeFactory,
    InterfaceFactory,
    SiteFactory,
    status,
)
from tests.factories.ipam import IPAddressFactory
from tests.factories.users import grant

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    return [str(row.record) for row in response.context["table"].rows]


def site_data(**overrides) -> dict:
    return {
        "name": "Branch 1",
        "slug": "",
        "status": status("active").pk,
        "facility": "",
        "description": "",
    } | overrides


# --- every model -----------------------------------------------------------------------------------


@pytest.mark.parametrize("route", [d.routes for d in declarations("dcim")], ids=lambda route: route.path)
def test_every_list_and_add_page_answers_for_a_superuser(admin_client, route):
    model_name = route.queryset.model._meta.model_name
    assert admin_client.get(reverse(f"dcim:{model_name}_list")).status_code == 200
    assert admin_client.get(reverse(f"dcim:{model_name}_add")).status_code == 200


def test_url_names_and_paths_follow_the_model_names():
    assert reverse("dcim:devicetype_list") == "/dcim/device-types/"
    assert reverse("ipam:ipaddress_list") == "/ipam/ip-addresses/"
    assert reverse("dcim:consoleserverport_add") == "/dcim/console-server-ports/add/"


def test_detail_edit_and_delete_pages_of_a_device_answer(admin_client):
    device = DeviceFactory()
    InterfaceFactory(device=device, name="eth0")
    for suffix in ("", "edit/", "delete/"):
        assert admin_client.get(f"{device.get_absolute_url()}{suffix}").status_code == 200
    assert "eth0" in admin_client.get(device.get_absolute_url()).content.decode()


# --- list pages ------------------------------------------------------------------------------------


def test_list_filters_by_quick_search_and_status(admin_client):
    SiteFactory(name="Amsterdam", status=status("active"))
    SiteFactory(name="Berlin", status=status("planned"))
    SiteFactory(name="Amstelveen", status=status("planned"))
    assert listed(admin_client.get("/dcim/sites/", {"q": "ams"})) == ["Amstelveen", "Amsterdam"]
    assert listed(admin_client.get("/dcim/sites/", {"q": "ams", "status": "planned"})) == ["Amstelveen"]


def test_invalid_filter_value_lists_nothing_and_says_why(admin_client):
    SiteFactory()
    response = admin_client.get("/dcim/sites/", {"status": "no-such-status"})
    assert listed(response) == []
    assert "Select a valid choice" in response.content.decode()


def test_list_sorts_by_a_declared_column_and_paginates(admin_client):
    for name in ("b", "c", "a"):
        DeviceFactory(name=name)
    response = admin_client.get("/dcim/devices/", {"sort": "-name", "per_page": 2})
    assert listed(response) == ["c", "b"]
    assert response.context["page"].paginator.num_pages == 2
    assert listed(admin_client.get("/dcim/devices/", {"sort": "-name", "per_page": 2, "page": 2})) == ["a"]


def test_per_page_is_bounded_and_bad_values_fall_back(admin_client, settings):
    settings.MAX_PAGE_SIZE = 3
    assert admin_client.get("/dcim/devices/", {"per_page": 1000}).context["page"].paginator.per_page == 3
    fallback = admin_client.get("/dcim/devices/", {"per_page": "lots"}).context["page"].paginator.per_page
    assert fallback == min(settings.PAGINATE_COUNT, 3)


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "path", ["/dcim/devices/", "/ipam/ip-addresses/", "/dcim/interfaces/", "/dcim/cables/"]
)
def test_list_pages_answer_in_the_same_number_of_queries_for_3_or_30_rows(
    admin_client, path, django_assert_max_num_queries
):
    def populate(count: int) -> None:
        for _ in range(count):
            device = DeviceFactory(platform=None)
            interface = InterfaceFactory(device=device)
            IPAddressFactory(assigned_interface=interface)
            CableFactory()

    populate(3)
    few = queries_for(admin_client, path)
    populate(27)
    with django_assert_max_num_queries(few):
        admin_client.get(path)
    assert few <= 13  # 13th: the jobs that take a selection of devices (the "Run a job on the selected" form)


# --- permissions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["", "add/"])
def test_without_view_or_add_permission_the_pages_are_forbidden(user_client, suffix):
    response = user_client.get(f"/dcim/sites/{suffix}")
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_constrained_permission_lists_only_matching_objects(user_client, user):
    grant(user, Site, ["view"], {"name__startswith": "mine"})
    mine = SiteFactory(name="mine-1")
    other = SiteFactory(name="theirs-1")
    assert listed(user_client.get("/dcim/sites/")) == ["mine-1"]
    assert user_client.get(mine.get_absolute_url()).status_code == 200
    assert user_client.get(other.get_absolute_url()).status_code == 404


def test_edit_and_delete_of_objects_outside_the_constraint_are_not_found(user_client, user):
    grant(user, Site, ["view", "change", "delete"], {"name__startswith": "mine"})
    other = SiteFactory(name="theirs-1")
    assert user_client.get(f"{other.get_absolute_url()}edit/").status_code == 404
    assert user_client.post(f"{other.get_absolute_url()}delete/").status_code == 404
    assert Site.objects.filter(pk=other.pk).exists()


def test_detail_page_offers_edit_and_delete_only_with_those_permissions(user_client, user):
    grant(user, Site, ["view"])
    site = SiteFactory()
    html = user_client.get(site.get_absolute_url()).content.decode()
    assert f"{site.get_absolute_url()}edit/" not in html
    grant(user, Site, ["change"])
    html = user_client.get(site.get_absolute_url()).content.decode()
    assert f"{site.get_absolute_url()}edit/" in html
    assert f"{site.get_absolute_url()}delete/" not in html


def test_creating_an_object_outside_the_constraint_is_rolled_back(user_client, user):
    grant(user, Site, ["view", "add"], {"name__startswith": "mine"})
    grant(user, Status, ["view"])  # a form offers only related objects the user may view
    response = user_client.post("/dcim/sites/add/", site_data(name="theirs"))
    assert response.status_code == 200
    assert "Your permissions do not allow saving this site." in response.content.decode()
    assert not Site.objects.filter(name="theirs").exists()
    assert user_client.post("/dcim/sites/add/", site_data(name="mine-2")).status_code == 302


def test_editing_an_object_out_of_the_constraint_is_rolled_back(user_client, user):
    grant(user, Site, ["view", "change"], {"name__startswith": "mine"})
    grant(user, Status, ["view"])
    site = SiteFactory(name="mine-1")
    response = user_client.post(f"{site.get_absolute_url()}edit/", site_data(name="theirs", slug=site.slug))
    assert "Your permissions do not allow saving this site." in response.content.decode()
    site.refresh_from_db()
    assert site.name == "mine-1"


def test_form_choices_hide_related_objects_the_user_may_not_view(user_client, user):
    grant(user, Device, ["add"])
    grant(user, Site, ["view"], {"name": "visible"})
    SiteFactory(name="visible")
    SiteFactory(name="hidden")
    form = user_client.get("/dcim/devices/add/").context["form"]
    assert [str(site) for site in form.fields["site"].queryset] == ["visible"]


def test_posts_without_a_csrf_token_are_refused(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post("/dcim/sites/add/", site_data())
    assert response.status_code == 403
    assert not Site.objects.exists()


def test_forms_carry_a_csrf_token(admin_client):
    html = admin_client.get("/dcim/sites/add/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in html


# --- add / edit / delete ---------------------------------------------------------------------------


def test_adding_a_site_derives_the_slug_and_redirects_to_it(admin_client):
    response = admin_client.post("/dcim/sites/add/", site_data(name="Branch 1"))
    site = Site.objects.get(name="Branch 1")
    assert site.slug == "branch-1"
    assert response.status_code == 302
    assert response["Location"] == site.get_absolute_url()
    assert "Created site Branch 1." in admin_client.get(response["Location"]).content.decode()


def test_invalid_input_re_renders_with_field_errors_and_keeps_the_input(admin_client):
    SiteFactory(name="Taken")
    response = admin_client.post("/dcim/sites/add/", site_data(name="Taken", facility="DC-7", status=""))
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "status", "slug"}
    html = response.content.decode()
    assert 'value="DC-7"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="id_status_errors"' in html


def test_add_form_takes_initial_values_from_the_query_string(admin_client):
    site = SiteFactory()
    form = admin_client.get("/dcim/devices/add/", {"site": site.pk, "name": "edge-9"}).context["form"]
    assert form.initial["name"] == "edge-9"
    assert str(form.initial["site"]) == str(site.pk)


def test_adding_a_device_through_the_form(admin_client):
    site, device_type, role = SiteFactory(), DeviceTypeFactory(), DeviceRoleFactory()
    data = {
        "name": "edge-1",
        "site": site.pk,
        "device_type": device_type.pk,
        "role": role.pk,
        "status": status("active").pk,
        "serial": "SN1",
    }
    response = admin_client.post("/dcim/devices/add/", data)
    device = Device.objects.get(name="edge-1")
    assert response["Location"] == device.get_absolute_url()
    assert (device.site, device.role, device.serial) == (site, role, "SN1")


def test_editing_a_device_returns_to_a_safe_return_url_only(admin_client):
    device = DeviceFactory()
    data = {
        "name": "renamed",
        "site": device.site.pk,
        "device_type": device.device_type.pk,
        "role": device.role.pk,
        "status": device.status.pk,
    }
    response = admin_client.post(f"{device.get_absolute_url()}edit/", data | {"return_url": "/dcim/sites/"})
    assert response["Location"] == "/dcim/sites/"
    response = admin_client.post(
        f"{device.get_absolute_url()}edit/", data | {"return_url": "https://evil.example/"}
    )
    assert response["Location"] == device.get_absolute_url()
    device.refresh_from_db()
    assert device.name == "renamed"


def test_a_device_only_offers_its_own_addresses_as_primary(admin_client):
    device = DeviceFactory()
    own = IPAddressFactory(address="10.0.0.1/24", assigned_interface=InterfaceFactory(device=device))
    IPAddressFactory(address="10.0.0.2/24", assigned_interface=InterfaceFactory())
    form = admin_client.get(f"{device.get_absolute_url()}edit/").context["form"]
    assert list(form.fields["primary_ip4"].queryset) == [own]


def test_deleting_asks_for_confirmation_then_deletes(admin_client):
    site = SiteFactory(name="Gone")
    confirm = admin_client.get(f"{site.get_absolute_url()}delete/")
    assert "Are you sure you want to delete site" in confirm.content.decode()
    assert Site.objects.filter(pk=site.pk).exists()
    response = admin_client.post(f"{site.get_absolute_url()}delete/")
    assert response["Location"] == "/dcim/sites/"
    assert not Site.objects.filter(pk=site.pk).exists()


def test_deleting_an_object_still_in_use_explains_instead_of_failing(admin_client):
    site = SiteFactory(name="Busy")
    DeviceFactory(site=site)
    DeviceFactory(site=site)
    response = admin_client.post(f"{site.get_absolute_url()}delete/", follow=True)
    assert response.status_code == 200
    assert "Cannot delete Busy: 2 devices still refer to it." in response.content.decode()
    assert Site.objects.filter(pk=site.pk).exists()


def test_delete_needs_the_delete_permission(user_client, user):
    grant(user, Site, ["view"])
    site = SiteFactory()
    assert user_client.post(f"{site.get_absolute_url()}delete/").status_code == 403
    assert Site.objects.filter(pk=site.pk).exists()


# --- detail pages ----------------------------------------------------------------------------------


def test_detail_page_lists_related_objects_the_user_may_view(user_client, user):
    grant(user, Site, ["view"])
    grant(user, Device, ["view"], {"name": "shown"})
    site = SiteFactory()
    DeviceFactory(site=site, name="shown")
    DeviceFactory(site=site, name="not-shown")
    response = user_client.get(site.get_absolute_url())
    devices = next(related for related in response.context["related_lists"] if related["title"] == "Devices")
    assert devices["count"] == 1
    assert [str(row.record) for row in devices["table"].rows] == ["shown"]
    assert devices["list_url"] == f"/dcim/devices/?site_id={site.pk}"
    prefixes = next(
        related for related in response.context["related_lists"] if related["title"] == "Prefixes"
    )
    assert prefixes["table"] is None  # no permission to view prefixes at all


def test_related_list_link_filters_the_list_page(admin_client):
    site = SiteFactory()
    DeviceFactory(site=site, name="here")
    DeviceFactory(name="elsewhere")
    assert listed(admin_client.get("/dcim/devices/", {"site_id": site.pk})) == ["here"]


def test_related_list_offers_adding_with_the_parent_prefilled(user_client, user):
    grant(user, Device, ["view"])
    device = DeviceFactory()
    related = user_client.get(device.get_absolute_url()).context["related_lists"]
    assert related[0]["title"] == "Interfaces" and related[0]["add_url"] is None
    grant(user, Interface, ["add"])
    related = user_client.get(device.get_absolute_url()).context["related_lists"]
    assert related[0]["add_url"].startswith(f"/dcim/interfaces/add/?device={device.pk}&return_url=")


def test_device_detail_answers_in_the_same_number_of_queries_for_few_or_many_ports(admin_client):
    device = DeviceFactory()
    IPAddressFactory(assigned_interface=InterfaceFactory(device=device))
    few = queries_for(admin_client, device.get_absolute_url())
    for _ in range(30):
        IPAddressFactory(assigned_interface=InterfaceFactory(device=device))
    assert queries_for(admin_client, device.get_absolute_url()) == few
