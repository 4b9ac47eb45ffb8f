"""REST API of IPAM beyond CRUD: field-level 400s with readable messages, containment filters, parents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api_errors import assert_error_shape
from tests.factories.ipam import IPAddressFactory, PrefixFactory


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def url(name: str, **kwargs) -> str:
    return reverse(f"ipam-api:{name}", kwargs=kwargs or None)


def test_a_bad_network_filter_containing_a_percent_sign_is_a_400(admin):
    response = admin.get(url("ipaddress-list"), {"parent": "10%s/8%("})
    assert_error_shape(response, 400)
    assert "is not a valid IPv4 or IPv6 network" in response.json()["errors"]["parent"][0]


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
    PrefixFactory(prefix="10.0.0.0/24")
    response = admin.post(
        url("prefix-list"), {"prefix": "10.0.0.0/24", "status": {"slug": "active"}}, format="json"
    )
    assert_error_shape(response, 400)
    assert response.json()["errors"] == {"prefix": ["Prefix 10.0.0.0/24 already exists."]}


def test_address_without_mask_is_a_400(admin):
    response = admin.post(
        url("ipaddress-list"), {"address": "10.0.0.1", "status": {"slug": "active"}}, format="json"
    )
    assert_error_shape(response, 400)
    assert "CIDR mask" in response.json()["errors"]["address"][0]


def test_ip_address_shows_its_parent_prefix(admin):
    prefix = PrefixFactory(prefix="10.5.0.0/16")
    address = IPAddressFactory(address="10.5.1.1/24")
    orphan = IPAddressFactory(address="172.31.0.1/24")
    assert admin.get(url("ipaddress-detail", pk=address.pk)).json()["parent"]["prefix"] == str(prefix.prefix)
    assert admin.get(url("ipaddress-detail", pk=orphan.pk)).json()["parent"] is None


def test_prefix_within_filter_over_api(admin):
    PrefixFactory(prefix="10.0.0.0/16")
    PrefixFactory(prefix="10.0.1.0/24")
    PrefixFactory(prefix="2001:db8::/48")
    body = admin.get(url("prefix-list"), {"within": "10.0.0.0/8"}).json()
    assert [item["prefix"] for item in body["results"]] == ["10.0.0.0/16", "10.0.1.0/24"]


def test_a_repeated_network_filter_value_containing_a_percent_sign_is_a_400(admin):
    response = admin.get(url("prefix-list"), {"prefix": ["10.0.0.0/8", "%5x"]})
    assert_error_shape(response, 400)
    assert "'%5x' is not a valid IPv4 or IPv6 network." in response.json()["errors"]["prefix"][0]


def test_schema_of_ipam_generates_without_warnings(db):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    from ipam.api.urls import urlpatterns

    GENERATOR_STATS.reset()
    schema = SchemaGenerator(patterns=urlpatterns).get_schema(request=None, public=True)
    messages = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    assert "/ip-addresses/{id}/" in schema["paths"]
    assert [message for message in messages if "versioning class" not in message] == []
