"""Tags and custom fields on every inventory model's pages (from its declaration): chips and a custom fields
card on the detail page, inputs on the edit form (checked as the field says), columns in the CSV export."""

from __future__ import annotations

import csv
import io

import pytest

from dcim.models import Site
from tests.factories.dcim import SiteFactory, status
from tests.factories.tags import CustomFieldFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_the_detail_page_shows_tag_chips_and_custom_fields(admin_client):
    CustomFieldFactory(name="circuit_ref", label="Circuit reference", models=[Site])
    site = SiteFactory(custom_field_data={"circuit_ref": "CKT-9"})
    site.tags.add(TagFactory(name="Backbone", color="ff5722"))

    page = admin_client.get(site.get_absolute_url()).content.decode()

    assert "background-color: #ff5722" in page and "Backbone" in page
    assert ">Custom fields</h2>" in page and "Circuit reference" in page and "CKT-9" in page


def test_a_site_without_custom_fields_shows_no_empty_card(admin_client):
    page = admin_client.get(SiteFactory().get_absolute_url()).content.decode()
    assert ">Custom fields</h2>" not in page


def test_the_edit_form_sets_tags_and_checks_custom_fields(admin_client):
    CustomFieldFactory(name="racks", label="Racks", type="integer", validation_maximum=40, models=[Site])
    CustomFieldFactory(name="tier", type="select", choices=["gold", "silver"], models=[Site])
    tag = TagFactory()
    site = SiteFactory(status=status("active"))
    url = f"/dcim/sites/{site.pk}/edit/"
    form = {
        "name": site.name,
        "slug": site.slug,
        "status": site.status_id,
        "tags": [tag.pk],
        "cf_tier": "gold",
    }

    refused = admin_client.post(url, {**form, "cf_racks": "41"})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"cf_racks": ["Ensure this value is less than or equal to 40."]}

    assert admin_client.post(url, {**form, "cf_racks": "12"}).status_code == 302
    site.refresh_from_db()
    assert site.cf == {"racks": 12, "tier": "gold"}
    assert list(site.tags.all()) == [tag]
    page = admin_client.get(url).content.decode()
    assert 'name="cf_racks"' in page and 'value="12"' in page


def test_the_csv_export_has_tags_and_a_column_per_custom_field(admin_client):
    CustomFieldFactory(name="racks", label="Racks", type="integer", models=[Site])
    site = SiteFactory(custom_field_data={"racks": 3})
    site.tags.add(TagFactory(name="Edge"))

    response = admin_client.get("/dcim/sites/", {"export": "csv"})

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][-2:] == ["Tags", "Racks"]
    assert rows[1][-2:] == ["Edge", "3"]
