"""REST API of the inventory beyond CRUD: filters, field-level 400s, ports and parents, query counts, schema."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dcim.models import Site
from tests.api_errors import assert_error_shape
from tests.factories import dcim as f
from tests.factories import ipam


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def url(name: str, **kwargs) -> str:
    return reverse(name if ":" in name else f"dcim-api:{name}", kwargs=kwargs or None)


def test_device_types_filter_by_manufacturer_id(admin):
    wanted = f.DeviceTypeFactory()
    f.DeviceTypeFactory()
    body = admin.get(url("devicetype-list"), {"manufacturer_id": str(wanted.manufacturer_id)}).json()
    assert [item["id"] for item in body["results"]] == [str(wanted.pk)]
    assert body["results"][0]["manufacturer"]["id"] == str(wanted.manufacturer_id)


@pytest.mark.parametrize("offset", ["+20:00", "-19:57"])
def test_a_date_filter_with_an_impossible_utc_offset_is_a_400(admin, offset):
    """Python accepts offsets up to ±23:59; PostgreSQL would fail on them (found by schemathesis)."""
    response = admin.get(url("manufacturer-list"), {"created__gte": f"2020-01-01T00:00:00{offset}"})
    assert_error_shape(response, 400)
    assert "UTC offsets" in response.json()["errors"]["created__gte"][0]


def test_a_date_filter_with_a_real_offset_works(admin):
    f.ManufacturerFactory()
    response = admin.get(url("manufacturer-list"), {"created__gte": "2000-01-01T00:00:00+14:00"})
    assert response.json()["count"] == 1


def test_unknown_filter_value_is_a_400(admin):
    response = admin.get(url("devicetype-list"), {"manufacturer_id": "not-a-uuid"})
    assert_error_shape(response, 400)
    assert "manufacturer_id" in response.json()["errors"]


def test_duplicate_slug_is_a_400(admin):
    f.SiteFactory(slug="hq")
    response = admin.post(
        url("site-list"), {"name": "HQ 2", "slug": "hq", "status": {"slug": "active"}}, format="json"
    )
    assert_error_shape(response, 400)
    assert list(response.json()["errors"]) == ["slug"]


def test_status_that_does_not_apply_is_a_400(admin):
    status = f.StatusFactory(name="Sites only", applies_to=[Site])
    device = f.DeviceFactory()
    response = admin.patch(url("device-detail", pk=device.pk), {"status": str(status.pk)}, format="json")
    assert_error_shape(response, 400)
    assert response.json()["errors"] == {"status": ["This status does not apply to device objects."]}


def test_incompatible_cable_is_a_400(admin):
    interface, outlet = f.InterfaceFactory(), f.PowerOutletFactory()
    payload = {
        "termination_a_type": "dcim.interface",
        "termination_a_id": str(interface.pk),
        "termination_b_type": "dcim.poweroutlet",
        "termination_b_id": str(outlet.pk),
    }
    response = admin.post(url("cable-list"), payload, format="json")
    assert_error_shape(response, 400)
    assert "termination_b_type" in response.json()["errors"]


def test_cable_to_a_non_port_type_is_a_400(admin):
    payload = {
        "termination_a_type": "dcim.site",
        "termination_a_id": str(f.SiteFactory().pk),
        "termination_b_type": "dcim.interface",
        "termination_b_id": str(f.InterfaceFactory().pk),
    }
    response = admin.post(url("cable-list"), payload, format="json")
    assert_error_shape(response, 400)
    assert "termination_a_type" in response.json()["errors"]


def test_deleting_a_protected_object_is_a_409(admin):
    device = f.DeviceFactory()
    response = admin.delete(url("site-detail", pk=device.site_id))
    assert_error_shape(response, 409, [])


def test_port_shows_cable_far_end_and_connection_status(admin):
    cable = f.CableFactory(
        termination_a=f.PowerPortFactory(name="PSU1", device__name="sw1"),
        termination_b=f.PowerOutletFactory(name="Outlet 3", device__name="pdu1"),
        status="planned",
    )
    body = admin.get(url("powerport-detail", pk=cable.termination_a_id)).json()
    assert body["display"] == "sw1 \u203a PSU1"
    assert body["cable"]["id"] == str(cable.pk)
    assert body["connected_endpoint"]["display"] == "pdu1 \u203a Outlet 3"
    assert body["connection_status"] is False
    assert admin.get(url("powerport-detail", pk=f.PowerPortFactory().pk)).json()["connection_status"] is None


def test_statuses_filter_by_model(admin):
    f.StatusFactory(name="Sites only", applies_to=[Site])
    body = admin.get(url("status-list"), {"content_types": "dcim.device", "limit": 0}).json()
    slugs = {item["slug"] for item in body["results"]}
    assert "active" in slugs
    assert "sites-only" not in slugs


# --- Query counts ----------------------------------------------------------------------------------


def _inventory_with_addresses(count: int) -> None:
    ipam.PrefixFactory(prefix="10.0.0.0/8")
    for index in range(count):
        interface = f.InterfaceFactory(device__platform=f.PlatformFactory())
        ipam.PrefixFactory(prefix=f"10.0.{index}.0/24")
        address = ipam.IPAddressFactory(address=f"10.0.{index}.1/24", assigned_interface=interface)
        device = interface.device
        device.primary_ip4 = address
        device.save()
        peer = f.InterfaceFactory()
        f.CableFactory(termination_a=peer, termination_b=f.InterfaceFactory(device=device))


@pytest.mark.parametrize(
    ("route", "max_queries"),
    [
        ("device-list", 3),
        ("ipam-api:ipaddress-list", 4),
        ("interface-list", 6),  # one more: the prefetch of the tagged VLANs
        ("cable-list", 5),
        ("ipam-api:prefix-list", 3),
    ],
)
def test_list_endpoints_run_a_bounded_number_of_queries(
    admin, django_assert_max_num_queries, route, max_queries
):
    """Token lookup + count + page, plus one query per prefetched relation, whatever the number of rows."""
    _inventory_with_addresses(20)
    admin.get(url(route))  # the first request also stamps the token's last use
    with django_assert_max_num_queries(max_queries):
        response = admin.get(url(route), {"limit": 0})
    assert response.status_code == 200
    assert response.json()["count"] >= 20


def test_schema_of_the_inventory_generates_without_warnings(db):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    from dcim.api.urls import urlpatterns

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    assert "/devices/{id}/" in schema["paths"]
    # The project-wide versioning class is reported once per view; that is core's business, not the inventory's.
    assert [message for message in messages if "versioning class" not in message] == []


def test_a_related_object_lookup_holding_a_nul_character_is_a_400(admin):
    """PostgreSQL refuses NUL in text even in a WHERE clause (found by schemathesis)."""
    response = admin.post(
        url("consoleport-list"), {"device": {"name": "a\x00b"}, "name": "c1"}, format="json"
    )
    assert_error_shape(response, 400)
    assert "NUL" in response.json()["errors"]["device"][0]
