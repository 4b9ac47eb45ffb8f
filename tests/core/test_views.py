"""Base layout, login, home, search, navigation and static assets of the web UI."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from core.context_processors import visible_menu
from core.menu import menu
from core.search import search, search_sources
from dcim.models import Device, Site
from tests.factories.dcim import DeviceFactory, SiteFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/", "/search/?q=x", "/dcim/sites/", "/users/tokens/"])
def test_anonymous_requests_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path.replace('?', '%3F').replace('=', '%3D')}"


def test_login_page_renders_labelled_fields_and_logs_in(client):
    UserFactory(username="alice")
    page = client.get("/login/?next=/dcim/sites/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label class="form-label required" for="id_username">' in html
    assert 'name="next" value="/dcim/sites/"' in html

    response = client.post("/login/", {"username": "alice", "password": "password", "next": "/dcim/sites/"})
    assert response.status_code == 302
    assert response["Location"] == "/dcim/sites/"


def test_login_with_a_wrong_password_shows_an_error(client):
    UserFactory(username="alice")
    response = client.post("/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_logout_is_a_csrf_protected_post(client, user):
    client.force_login(user)
    page = client.get("/").content.decode()
    assert re.search(
        r'<form method="post" action="/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"', page
    )
    response = client.post("/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # logged out: back to login


def test_pages_reference_no_external_assets(logged_in):
    html = logged_in.get("/").content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith("/static/") for asset in assets)


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
    ],
)
def test_vendored_assets_are_served_by_the_app(client, path):
    assert finders.find(path)
    response = client.get(f"/static/{path}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)


def test_home_counts_only_what_the_user_may_view(logged_in, user):
    grant(user, Site, ["view"], {"name": "visible"})
    SiteFactory(name="visible")
    SiteFactory(name="hidden")
    DeviceFactory()
    sections = logged_in.get("/").context["sections"]
    items = [item for section in sections for group in section["groups"] for item in group["items"]]
    assert [(item["label"], item["count"]) for item in items] == [("Sites", 1)]


def test_home_without_any_permission_says_so(logged_in):
    assert "You have no permission to view anything yet" in logged_in.get("/").content.decode()


def test_navigation_shows_items_by_permission(user):
    grant(user, Device, ["view"])
    labels = [
        item["label"]
        for section in visible_menu(user)
        for group in section["groups"]
        for item in group["items"]
    ]
    assert labels == ["Devices"]


def test_every_inventory_menu_item_has_a_route(superuser):
    declared = [item.label for group in menu()[0].groups for item in group.items]
    shown = [item["label"] for group in visible_menu(superuser)[0]["groups"] for item in group["items"]]
    assert shown == declared


def test_navigation_is_rendered_in_the_base_layout(client, superuser):
    client.force_login(superuser)
    html = client.get("/").content.decode()
    assert f'href="{reverse("dcim:device_list")}"' in html
    assert f'href="{reverse("users:token_list")}"' in html
    assert f'href="{reverse("admin:index")}"' in html  # staff only


def test_admin_link_is_hidden_from_non_staff(logged_in):
    assert reverse("admin:index") not in logged_in.get("/").content.decode()


def test_search_groups_matches_by_model_with_counts(client, superuser):
    client.force_login(superuser)
    site = SiteFactory(name="alpha-site")
    DeviceFactory(name="alpha-1", site=site)
    DeviceFactory(name="alpha-2", site=site)
    DeviceFactory(name="beta")
    response = client.get("/search/", {"q": "alpha"})
    counts = {result.label: result.count for result in response.context["results"]}
    # A site is also a location (Nautobot 2.x's view of it: docs/models.md, "Sites and locations").
    assert counts == {"Sites": 1, "Locations": 1, "Devices": 2}
    assert "alpha-2" in response.content.decode()


def test_search_only_returns_objects_the_user_may_view(logged_in, user):
    grant(user, Device, ["view"], {"name": "alpha-1"})
    DeviceFactory(name="alpha-1")
    DeviceFactory(name="alpha-2")
    SiteFactory(name="alpha-site")
    results = logged_in.get("/search/", {"q": "alpha"}).context["results"]
    assert [(result.label, [str(obj) for obj in result.objects]) for result in results] == [
        ("Devices", ["alpha-1"])
    ]


def test_search_without_a_query_shows_only_the_form(logged_in):
    response = logged_in.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] == []


def test_search_answers_in_bounded_queries(client, superuser, django_assert_max_num_queries):
    """One query counts the matches of every searchable model (there are dozens); each model that matched
    costs its first rows. So the page's queries do not grow with the number of models."""
    client.force_login(superuser)
    for number in range(20):
        DeviceFactory(name=f"alpha-{number}")
    assert len(search_sources()) > 40
    with django_assert_max_num_queries(15):
        response = client.get("/search/", {"q": "alpha"})
    [devices] = [result for result in response.context["results"] if result.source.model is Device]
    assert devices.count == 20 and len(devices.objects) == 10


def test_search_counts_each_kind_of_match_in_one_query(superuser):

    site = SiteFactory(name="Bravo Yard")
    DeviceFactory(name="bravo-1", site=site)
    DeviceFactory(name="bravo-2", site=site)
    counts = {result.source.model._meta.label: result.count for result in search(superuser, "bravo")}
    assert counts["dcim.Site"] == 1 and counts["dcim.Device"] == 2
