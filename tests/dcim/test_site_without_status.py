"""A site may have no status, as in Nautobot 1.x (whose jobs create sites without one): model, API and page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dcim.models import Site
from tests.factories.dcim import SiteFactory, status

pytestmark = pytest.mark.django_db


def test_a_site_without_status_validates_and_saves():
    site = Site(name="Branch 9", slug="branch-9")
    site.validated_save()

    assert Site.objects.get(pk=site.pk).status is None


def test_the_api_creates_a_site_without_status_and_clears_one(superuser, token_client):
    client = token_client(superuser)
    created = client.post(reverse("dcim-api:site-list"), {"name": "B1", "slug": "b1"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["status"] is None

    site = SiteFactory(status=status("active"))
    cleared = client.patch(
        reverse("dcim-api:site-detail", kwargs={"pk": site.pk}), {"status": None}, format="json"
    )
    assert cleared.status_code == 200, cleared.content
    site.refresh_from_db()
    assert site.status is None


def test_the_add_page_accepts_a_site_without_status_and_pages_show_it(admin_client):
    response = admin_client.post(reverse("dcim:site_add"), {"name": "Branch 2", "slug": "", "status": ""})
    assert response.status_code == 302, response.context["form"].errors
    site = Site.objects.get(name="Branch 2")
    assert site.status is None
    assert admin_client.get(site.get_absolute_url()).status_code == 200
    assert "Branch 2" in admin_client.get(reverse("dcim:site_list")).content.decode()
    assert admin_client.get(reverse("dcim:site_list"), {"export": "csv"}).status_code == 200
