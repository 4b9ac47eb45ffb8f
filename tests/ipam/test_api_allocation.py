"""REST allocation: /api/ipam/prefixes/<id>/available-ips/ and available-prefixes/ list what is free (GET) and
allocate it (POST), in the IP address and prefix API's shapes, under permissions, with the one error body;
and two clients POSTing at once to a real server never get the same address."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.urls import reverse

from dcim.models import Status
from ipam.models import IPAddress, Prefix
from tenancy.models import Tenant
from tests.api_errors import assert_error_shape
from tests.factories.ipam import IPAddressFactory, PrefixFactory
from tests.factories.users import grant, token_for
from tests.web_server import web_server


def ips_url(prefix) -> str:
    return reverse("ipam-api:prefix-available-ips", kwargs={"pk": prefix.pk})


def prefixes_url(prefix) -> str:
    return reverse("ipam-api:prefix-available-prefixes", kwargs={"pk": prefix.pk})


@pytest.fixture
def prefix(db):
    prefix = PrefixFactory(prefix="10.20.0.0/24")
    IPAddressFactory(address="10.20.0.1/24")
    return prefix


# --- available-ips -------------------------------------------------------------------------------------


def test_get_lists_the_first_free_addresses_with_the_mask_up_to_the_limit(admin_api, prefix):
    response = admin_api.get(ips_url(prefix))
    assert response.status_code == 200, response.json()
    rows = response.json()
    assert len(rows) == 50  # PAGINATE_COUNT, as NetBox's default limit
    # NetBox's row shape: the prefix's VRF (none: the global table) comes with each address.
    assert rows[:2] == [
        {"family": 4, "address": "10.20.0.2/24", "vrf": None},
        {"family": 4, "address": "10.20.0.3/24", "vrf": None},
    ]
    assert [row["address"] for row in admin_api.get(ips_url(prefix), {"limit": 2}).json()] == [
        "10.20.0.2/24",
        "10.20.0.3/24",
    ]
    assert len(admin_api.get(ips_url(prefix), {"limit": 0}).json()) == 253  # 0: the maximum
    assert len(admin_api.get(ips_url(prefix), {"limit": "x"}).json()) == 50


def test_get_on_a_huge_ipv6_prefix_answers_at_once(admin_api):
    prefix = PrefixFactory(prefix="2001:db8::/48")
    rows = admin_api.get(ips_url(prefix), {"limit": 3}).json()
    assert [row["address"] for row in rows] == ["2001:db8::/48", "2001:db8::1/48", "2001:db8::2/48"]
    assert {row["family"] for row in rows} == {6}


def test_post_without_a_body_creates_the_next_free_address_in_the_ip_address_shape(admin_api, prefix):
    response = admin_api.post(ips_url(prefix), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["address"] == "10.20.0.2/24"
    assert IPAddress.objects.get(pk=body["id"]).status.slug == "active"
    assert {"id", "url", "display", "parent", "created"} <= set(body)
    assert body["parent"]["id"] == str(prefix.pk)
    assert IPAddress.objects.get(pk=body["id"]).description == ""


def test_post_applies_the_fields_given_to_the_created_address(admin_api, prefix):
    tenant = Tenant.objects.create(name="Acme", slug="acme")
    payload = {
        "description": "edge-1 eth0",
        "dns_name": "edge-1.example.com",
        "tenant": tenant.pk,
        "status": {"slug": "reserved"},
        "address": "10.20.0.200/24",  # ignored: the server picks, as NetBox and Nautobot do
    }
    response = admin_api.post(ips_url(prefix), payload, format="json")
    assert response.status_code == 201, response.json()
    created = IPAddress.objects.get(pk=response.json()["id"])
    assert (str(created.address), created.description, created.dns_name, created.tenant) == (
        "10.20.0.2/24",
        "edge-1 eth0",
        "edge-1.example.com",
        tenant,
    )
    assert created.status.slug == "reserved"


def test_post_a_list_creates_several_and_answers_a_list(admin_api, prefix):
    response = admin_api.post(
        ips_url(prefix), [{"description": "a"}, {}, {"description": "c"}], format="json"
    )
    assert response.status_code == 201, response.json()
    assert [(row["address"], row["description"]) for row in response.json()] == [
        ("10.20.0.2/24", "a"),
        ("10.20.0.3/24", ""),
        ("10.20.0.4/24", "c"),
    ]


def test_a_full_prefix_is_a_409_in_the_error_shape_and_creates_nothing(admin_api):
    prefix = PrefixFactory(prefix="10.21.0.0/30")
    IPAddressFactory(address="10.21.0.1/30")
    response = admin_api.post(ips_url(prefix), [{}, {}], format="json")
    body = assert_error_shape(response, 409, fields=[])
    assert body["detail"] == (
        "An insufficient number of IP addresses are available within 10.21.0.0/30 (2 requested, 1 available)."
    )
    assert IPAddress.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ("banana", ["non_field_errors"]),
        ([], ["non_field_errors"]),
        ([{}, 3], ["1"]),
        ({"status": {"slug": "nope"}}, ["status"]),
        ([{}, {"tenant": 999999}], ["1.tenant"]),
        ({"dns_name": ["not", "text"]}, ["dns_name"]),
    ],
)
def test_bad_bodies_are_a_400_naming_the_field_and_create_nothing(admin_api, prefix, payload, fields):
    response = admin_api.post(ips_url(prefix), payload, format="json")
    assert_error_shape(response, 400, fields=fields)
    assert IPAddress.objects.count() == 1


def test_an_unknown_prefix_is_a_404(admin_api, db):
    for url in ("/api/ipam/prefixes/999999/available-ips/", "/api/ipam/prefixes/nope/available-prefixes/"):
        assert_error_shape(admin_api.get(url), 404)
        assert_error_shape(admin_api.post(url, {}, format="json"), 404)


# --- available-prefixes --------------------------------------------------------------------------------


def test_get_lists_the_free_blocks(admin_api):
    parent = PrefixFactory(prefix="10.30.0.0/22")
    PrefixFactory(prefix="10.30.1.0/24")
    assert admin_api.get(prefixes_url(parent)).json() == [
        {"family": 4, "prefix": "10.30.0.0/24", "vrf": None},
        {"family": 4, "prefix": "10.30.2.0/23", "vrf": None},
    ]


def test_post_prefix_length_creates_child_prefixes_in_the_prefix_shape(admin_api):
    parent = PrefixFactory(prefix="10.30.0.0/22")
    PrefixFactory(prefix="10.30.0.0/24")
    response = admin_api.post(
        prefixes_url(parent), {"prefix_length": 30, "description": "p2p"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["prefix"], response.json()["description"]) == ("10.30.1.0/30", "p2p")
    response = admin_api.post(
        prefixes_url(parent), [{"prefix_length": 30}, {"prefix_length": 24}], format="json"
    )
    assert response.status_code == 201, response.json()
    assert [row["prefix"] for row in response.json()] == ["10.30.1.4/30", "10.30.2.0/24"]


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({}, ["prefix_length"]),
        ({"prefix_length": "abc"}, ["prefix_length"]),
        ({"prefix_length": 22}, ["prefix_length"]),
        ({"prefix_length": 33}, ["prefix_length"]),
        ([{"prefix_length": 30}, {"prefix_length": 8}], ["1.prefix_length"]),
        ({"prefix_length": 30, "status": {"slug": "nope"}}, ["status"]),
        ("banana", ["non_field_errors"]),
    ],
)
def test_bad_prefix_bodies_are_a_400_naming_the_field(admin_api, payload, fields):
    parent = PrefixFactory(prefix="10.30.0.0/22")
    assert_error_shape(admin_api.post(prefixes_url(parent), payload, format="json"), 400, fields=fields)
    assert Prefix.objects.count() == 1


def test_no_room_for_the_prefix_is_a_409(admin_api):
    parent = PrefixFactory(prefix="10.31.0.0/24")
    PrefixFactory(prefix="10.31.0.0/25")
    response = admin_api.post(prefixes_url(parent), [{"prefix_length": 26}] * 3, format="json")
    assert_error_shape(response, 409, fields=[])
    assert Prefix.objects.count() == 2


# --- Permissions ---------------------------------------------------------------------------------------


@pytest.fixture
def member(user, token_client):
    grant(user, Status, ["view"])  # statuses are objects here: writing one by slug needs to see it
    return user, token_client(user)


def test_listing_needs_view_on_prefixes(member, prefix):
    user, client = member
    assert_error_shape(client.get(ips_url(prefix)), 403)
    grant(user, Prefix, ["view"])
    assert client.get(ips_url(prefix)).status_code == 200
    assert client.get(prefixes_url(prefix)).status_code == 200


def test_a_prefix_the_user_may_not_view_is_a_404(member, prefix):
    user, client = member
    grant(user, Prefix, ["view"], {"description": "visible"})
    grant(user, IPAddress, ["add", "view"])
    assert_error_shape(client.get(ips_url(prefix)), 404)
    assert_error_shape(client.post(ips_url(prefix), {}, format="json"), 404)


def test_allocating_needs_add_on_the_created_model(member, prefix):
    user, client = member
    grant(user, Prefix, ["view"])
    assert_error_shape(client.post(ips_url(prefix), {}, format="json"), 403)
    assert_error_shape(client.post(prefixes_url(prefix), {"prefix_length": 28}, format="json"), 403)
    grant(user, IPAddress, ["add", "view"])
    assert client.post(ips_url(prefix), {}, format="json").status_code == 201
    assert_error_shape(client.post(prefixes_url(prefix), {"prefix_length": 28}, format="json"), 403)
    grant(user, Prefix, ["add"])
    assert client.post(prefixes_url(prefix), {"prefix_length": 28}, format="json").status_code == 201


def test_constrained_add_permission_is_obeyed_and_a_refused_allocation_creates_nothing(member, prefix):
    user, client = member
    grant(user, Prefix, ["view"])
    grant(user, IPAddress, ["add", "view"], {"description__startswith": "lab"})
    assert_error_shape(client.post(ips_url(prefix), {"description": "prod"}, format="json"), 403)
    assert IPAddress.objects.count() == 1
    response = client.post(ips_url(prefix), {"description": "lab 1"}, format="json")
    assert response.status_code == 201, response.json()
    assert_error_shape(client.post(ips_url(prefix), [{"description": "lab"}, {}], format="json"), 403)
    assert IPAddress.objects.count() == 2


def test_a_read_only_token_cannot_allocate(superuser, token_client, prefix):
    client = token_client(superuser, write_enabled=False)
    assert_error_shape(client.post(ips_url(prefix), {}, format="json"), 403)


# --- Real concurrency against a real server --------------------------------------------------------------

CLIENTS = 8
PER_CLIENT = 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_to_a_live_server_never_get_the_same_address(superuser, tmp_path):
    prefix = PrefixFactory(prefix="10.40.0.0/24")
    token = token_for(superuser)
    barrier = threading.Barrier(CLIENTS)

    with web_server(tmp_path) as base_url:
        url = f"{base_url}/api/ipam/prefixes/{prefix.pk}/available-ips/"

        def client(index: int) -> list[str]:
            session = requests.Session()
            session.headers.update({"Authorization": f"Token {token}", "Accept": "application/json"})
            barrier.wait()
            addresses = []
            for round_ in range(PER_CLIENT):
                response = session.post(url, json={"description": f"client {index}.{round_}"}, timeout=60)
                assert response.status_code == 201, response.text
                addresses.append(response.json()["address"])
            return addresses

        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(client, range(CLIENTS)))

    allocated = [address for addresses in results for address in addresses]
    assert len(allocated) == CLIENTS * PER_CLIENT
    assert len(set(allocated)) == len(allocated), sorted(allocated)
    hosts = list(IPAddress.objects.values_list("host", flat=True))
    assert len(hosts) == len(set(hosts)) == CLIENTS * PER_CLIENT
