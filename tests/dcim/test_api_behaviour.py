"""REST API of the inventory beyond CRUD: filters, field-level 400s, ports and parents, query counts, schema."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dcim.models import Site
from tests.api_errors import assert_error_shape
from tests.factories import dcim as f


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def url(name: str, **kwargs) -> str:
    return reverse(f"dcim-api:{name}", kwargs=kwargs or None)


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


def test_a_bad_network_filter_containing_a_percent_sign_is_a_400(admin):
    response = admin.get(url("ipaddress-list"), {"parent": "10%s/8%("})
    assert_error_shape(response, 400)
    assert "is not a valid IPv4 or IPv6 network" in response.json()["errors"]["parent"][0]


def test_unknown_filter_value_is_a_400(admin):
    response = admin.get(url("devicetype-list"), {"manufacturer_id": "not-a-uuid"})
    assert_error_shape(response, 400)
    assert "manufacturer_id" in response.json()["errors"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"prefix": "10.0.0.1/24"}, "prefix", "10.0.0.1/24 is not a valid prefix. Did you mean 10.0.0.0/24?"),
        ({"prefix": "banana"}, "prefix", "'banana' is not a valid IPv4 or IPv6 network."),
        ({"prefix": "10.0.0.0/8", "status": {"slug": "nope"}}, "status", "No status matches slug=nope."),
    ],
)
def test_bad_prefix_is_a_400_with_the_field_message(admin, payload, field, message):
    response = admin.post(url("prefix-list"), {"status": {"slug": "active"}, **payload}, format="json")
    assert_error_shape(response, 400)
    assert response.json()["errors"][field] == [message]


def test_duplicate_prefix_is_a_400(admin):
    f.PrefixFactory(prefix="10.0.0.0/24")
    response = admin.post(
        url("prefix-list"), {"prefix": "10.0.0.0/24", "status": {"slug": "active"}}, format="json"
    )
    assert_error_shape(response, 400)
    assert response.json()["errors"] == {"prefix": ["Prefix 10.0.0.0/24 already exists."]}


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


def test_address_without_mask_is_a_400(admin):
    response = admin.post(
        url("ipaddress-list"), {"address": "10.0.0.1", "status": {"slug": "active"}}, format="json"
    )
    assert_error_shape(response, 400)
    assert "CIDR mask" in response.json()["errors"]["address"][0]


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


def test_ip_address_shows_its_parent_prefix(admin):
    prefix = f.PrefixFactory(prefix="10.5.0.0/16")
    address = f.IPAddressFactory(address="10.5.1.1/24")
    orphan = f.IPAddressFactory(address="172.31.0.1/24")
    assert admin.get(url("ipaddress-detail", pk=address.pk)).json()["parent"]["prefix"] == str(prefix.prefix)
    assert admin.get(url("ipaddress-detail", pk=orphan.pk)).json()["parent"] is None


def test_prefix_within_filter_over_api(admin):
    f.PrefixFactory(prefix="10.0.0.0/16")
    f.PrefixFactory(prefix="10.0.1.0/24")
    f.PrefixFactory(prefix="2001:db8::/48")
    body = admin.get(url("prefix-list"), {"within": "10.0.0.0/8"}).json()
    assert [item["prefix"] for item in body["results"]] == ["10.0.0.0/16", "10.0.1.0/24"]


def test_statuses_filter_by_model(admin):
    f.StatusFactory(name="Sites only", applies_to=[Site])
    body = admin.get(url("status-list"), {"content_types": "dcim.device", "limit": 0}).json()
    slugs = {item["slug"] for item in body["results"]}
    assert "active" in slugs
    assert "sites-only" not in slugs


# --- Query counts ----------------------------------------------------------------------------------


def _inventory_with_addresses(count: int) -> None:
    f.PrefixFactory(prefix="10.0.0.0/8")
    for index in range(count):
        interface = f.InterfaceFactory(device__platform=f.PlatformFactory())
        f.PrefixFactory(prefix=f"10.0.{index}.0/24")
        address = f.IPAddressFactory(address=f"10.0.{index}.1/24", assigned_interface=interface)
        device = interface.device
        device.primary_ip4 = address
        device.save()
        peer = f.InterfaceFactory()
        f.CableFactory(termination_a=peer, termination_b=f.InterfaceFactory(device=device))


@pytest.mark.parametrize(
    ("route", "max_queries"),
    [("device-list", 3), ("ipaddress-list", 4), ("interface-list", 5), ("cable-list", 5), ("prefix-list", 3)],
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
    assert "/ip-addresses/{id}/" in schema["paths"]
    # The project-wide versioning class is reported once per view; that is core's business, not the inventory's.
    assert [message for message in messages if "versioning class" not in message] == []


def test_a_related_object_lookup_holding_a_nul_character_is_a_400(admin):
    """PostgreSQL refuses NUL in text even in a WHERE clause (found by schemathesis)."""
    response = admin.post(
        url("consoleport-list"), {"device": {"name": "a\x00b"}, "name": "c1"}, format="json"
    )
    assert_error_shape(response, 400)
    assert "NUL" in response.json()["errors"]["device"][0]


def test_a_repeated_network_filter_value_containing_a_percent_sign_is_a_400(admin):
    response = admin.get(url("prefix-list"), {"prefix": ["10.0.0.0/8", "%5x"]})
    assert_error_shape(response, 400)
    assert "'%5x' is not a valid IPv4 or IPv6 network." in response.json()["errors"]["prefix"][0]
