"""A site may have no status, as in Nautobot 1.x (whose jobs create sites without one); people adding or editing
a site through a page or the API pick one, as Nautobot asks them to; a site a job left without one still shows."""

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


def test_the_api_requires_a_status_naming_the_field(superuser, token_client):
    client = token_client(superuser)
    created = client.post(reverse("dcim-api:site-list"), {"name": "B1", "slug": "b1"}, format="json")
    assert created.status_code == 400, created.content
    assert created.json()["errors"]["status"] == ["This field is required."]

    site = SiteFactory(status=status("active"))
    cleared = client.patch(
        reverse("dcim-api:site-detail", kwargs={"pk": site.pk}), {"status": None}, format="json"
    )
    assert cleared.status_code == 400, cleared.content
    site.refresh_from_db()
    assert site.status == status("active")


def test_the_add_page_asks_for_a_status(admin_client):
    response = admin_client.post(reverse("dcim:site_add"), {"name": "Branch 2", "slug": "", "status": ""})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert not Site.objects.filter(name="Branch 2").exists()


def test_a_site_a_job_left_without_status_shows_on_every_page(admin_client, superuser, token_client):
    site = Site.objects.create(name="Branch 3", slug="branch-3")

    assert admin_client.get(site.get_absolute_url()).status_code == 200
    assert "Branch 3" in admin_client.get(reverse("dcim:site_list")).content.decode()
    assert admin_client.get(reverse("dcim:site_list"), {"export": "csv"}).status_code == 200
    served = token_client(superuser).get(reverse("dcim-api:site-detail", kwargs={"pk": site.pk}))
    assert served.status_code == 200 and served.json()["status"] is None
