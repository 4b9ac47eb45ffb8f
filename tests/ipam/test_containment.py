"""Prefix/IP containment queries on whichever database the suite runs on (SQLite locally, PostgreSQL in CI)."""

from __future__ import annotations

import netaddr
import pytest

from ipam.models import IPAddress, Prefix
from tests.factories.ipam import IPAddressFactory, PrefixFactory

pytestmark = pytest.mark.django_db


def prefixes(*values: str) -> list[Prefix]:
    return [PrefixFactory(prefix=value) for value in values]


def as_strings(queryset) -> list[str]:
    return sorted(str(obj) for obj in queryset)


@pytest.fixture
def tree():
    """v4 and v6 trees, plus the v4-mapped neighbour that shares integers with IPv4 values."""
    return {
        str(prefix.prefix): prefix
        for prefix in prefixes(
            "10.0.0.0/8",
            "10.1.0.0/16",
            "10.1.2.0/24",
            "10.2.0.0/16",
            "192.168.0.0/16",
            "2001:db8::/32",
            "2001:db8:1::/48",
            "2001:db8:1:2::/64",
            "::/96",
        )
    }


def test_children_of_a_v4_prefix(tree):
    assert as_strings(tree["10.0.0.0/8"].get_children()) == ["10.1.0.0/16", "10.1.2.0/24", "10.2.0.0/16"]
    assert as_strings(tree["10.1.2.0/24"].get_children()) == []


def test_children_of_a_v6_prefix(tree):
    assert as_strings(tree["2001:db8::/32"].get_children()) == ["2001:db8:1:2::/64", "2001:db8:1::/48"]


def test_v4_and_v6_with_equal_integers_do_not_mix(tree):
    # ::/96 covers ::0.0.0.0 to ::255.255.255.255, numerically the whole IPv4 space.
    assert as_strings(tree["::/96"].get_children()) == []
    assert "::/96" not in as_strings(Prefix.objects.containing("10.1.2.3"))


def test_prefixes_containing_an_address(tree):
    assert as_strings(Prefix.objects.containing("10.1.2.3")) == ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24"]
    assert as_strings(Prefix.objects.containing("2001:db8:1:2::9")) == [
        "2001:db8:1:2::/64",
        "2001:db8:1::/48",
        "2001:db8::/32",
    ]
    assert as_strings(Prefix.objects.containing("172.16.0.1")) == []


def test_prefixes_containing_a_network_include_the_network_itself(tree):
    assert as_strings(Prefix.objects.containing("10.1.0.0/16")) == ["10.0.0.0/8", "10.1.0.0/16"]


def test_prefixes_within_a_network(tree):
    assert as_strings(Prefix.objects.within("10.1.0.0/16")) == ["10.1.2.0/24"]
    assert as_strings(Prefix.objects.within("10.1.0.0/16", include_self=True)) == [
        "10.1.0.0/16",
        "10.1.2.0/24",
    ]


def test_parent_of_a_prefix_is_the_most_specific_container(tree):
    assert tree["10.1.2.0/24"].get_parent() == tree["10.1.0.0/16"]
    assert tree["2001:db8:1::/48"].get_parent() == tree["2001:db8::/32"]
    assert tree["10.0.0.0/8"].get_parent() is None


def test_ip_parent_is_the_most_specific_prefix(tree):
    v4 = IPAddressFactory(address="10.1.2.3/24")
    v4_in_16 = IPAddressFactory(address="10.1.200.1/16")
    v6 = IPAddressFactory(address="2001:db8:1:2::1/64")
    orphan = IPAddressFactory(address="172.16.0.1/24")
    assert IPAddress.objects.get(pk=v4.pk).parent == tree["10.1.2.0/24"]
    assert IPAddress.objects.get(pk=v4_in_16.pk).parent == tree["10.1.0.0/16"]
    assert IPAddress.objects.get(pk=v6.pk).parent == tree["2001:db8:1:2::/64"]
    assert IPAddress.objects.get(pk=orphan.pk).parent is None


def test_addresses_without_parent(tree):
    IPAddressFactory(address="10.1.2.3/24")
    IPAddressFactory(address="2001:db8::5/64")
    IPAddressFactory(address="172.16.0.1/24")
    IPAddressFactory(address="2001:db9::1/64")
    IPAddressFactory(address="::ffff:10.1.2.3/128")  # v4-mapped: numerically outside every v4 prefix
    assert as_strings(IPAddress.objects.without_parent()) == [
        "172.16.0.1/24",
        "2001:db9::1/64",
        "::ffff:10.1.2.3/128",
    ]
    assert as_strings(IPAddress.objects.with_parent()) == ["10.1.2.3/24", "2001:db8::5/64"]


def test_parent_annotations_load_every_parent_in_two_queries(tree, django_assert_num_queries):
    for value in ("10.1.2.3/24", "10.2.0.9/16", "2001:db8:1::1/48", "172.16.0.1/24"):
        IPAddressFactory(address=value)
    with django_assert_num_queries(2):
        parents = {str(ip): ip.parent for ip in IPAddress.objects.with_parent_annotations()}
    assert parents == {
        "10.1.2.3/24": tree["10.1.2.0/24"],
        "10.2.0.9/16": tree["10.2.0.0/16"],
        "2001:db8:1::1/48": tree["2001:db8:1::/48"],
        "172.16.0.1/24": None,
    }


def test_child_ips_of_a_prefix(tree):
    IPAddressFactory(address="10.1.2.3/24")
    IPAddressFactory(address="10.1.9.1/16")
    IPAddressFactory(address="10.3.0.1/16")
    IPAddressFactory(address="2001:db8:1::7/48")
    assert as_strings(tree["10.1.0.0/16"].get_child_ips()) == ["10.1.2.3/24", "10.1.9.1/16"]
    assert as_strings(tree["2001:db8::/32"].get_child_ips()) == ["2001:db8:1::7/48"]
    assert as_strings(IPAddress.objects.within("10.1.2.0/24")) == ["10.1.2.3/24"]


def test_boundary_addresses_belong_to_the_prefix():
    prefix = PrefixFactory(prefix="10.9.0.0/24")
    IPAddressFactory(address="10.9.0.0/24")
    IPAddressFactory(address="10.9.0.255/24")
    IPAddressFactory(address="10.9.1.0/24")
    assert as_strings(prefix.get_child_ips()) == ["10.9.0.0/24", "10.9.0.255/24"]


def test_ordering_is_numeric_not_textual():
    prefixes("10.0.0.0/24", "9.0.0.0/24", "100.0.0.0/24", "2001:db8::/32", "10.0.0.0/16")
    assert [str(p) for p in Prefix.objects.all()] == [
        "9.0.0.0/24",
        "10.0.0.0/16",
        "10.0.0.0/24",
        "100.0.0.0/24",
        "2001:db8::/32",
    ]


def test_lookups_accept_prefix_and_address_strings(tree):
    IPAddressFactory(address="10.1.2.3/24")
    assert Prefix.objects.get(prefix="10.1.0.0/16") == tree["10.1.0.0/16"]
    assert Prefix.objects.filter(network="2001:db8::").count() == 1
    assert str(IPAddress.objects.get(address="10.1.2.3/24")) == "10.1.2.3/24"
    assert IPAddress.objects.filter(host=netaddr.IPAddress("10.1.2.3")).count() == 1
    assert Prefix.objects.exclude(prefix="10.1.0.0/16").count() == len(tree) - 1


def test_first_available_prefix_and_ip(tree):
    slash16 = tree["10.1.0.0/16"]
    assert slash16.get_first_available_prefix(24) == netaddr.IPNetwork("10.1.0.0/24")
    PrefixFactory(prefix="10.1.0.0/23")
    assert slash16.get_first_available_prefix(24) == netaddr.IPNetwork("10.1.3.0/24")
    IPAddressFactory(address="10.1.2.1/24")
    assert tree["10.1.2.0/24"].get_first_available_ip() == netaddr.IPNetwork("10.1.2.2/24")
    assert tree["2001:db8:1:2::/64"].get_first_available_ip() == netaddr.IPNetwork("2001:db8:1:2::/64")


def test_full_prefix_has_no_available_ip():
    prefix = PrefixFactory(prefix="10.8.0.0/31")
    IPAddressFactory(address="10.8.0.0/31")
    IPAddressFactory(address="10.8.0.1/31")
    assert prefix.get_first_available_ip() is None
