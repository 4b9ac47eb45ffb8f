"""Filtersets of IPAM: containment and address lookups, a `q` that understands addresses."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from ipam.models import IPAddress, Prefix
from tests.factories.dcim import InterfaceFactory
from tests.factories.ipam import IPAddressFactory, PrefixFactory
from tests.filtering import filterset_of, names, run

pytestmark = pytest.mark.django_db


def test_prefix_lookups():
    for value in ("10.0.0.0/8", "10.1.0.0/16", "10.1.1.0/24", "192.168.0.0/16", "2001:db8::/32"):
        PrefixFactory(prefix=value)
    assert names(run(filterset_of(Prefix), "within=10.0.0.0/8")) == {"10.1.0.0/16", "10.1.1.0/24"}
    assert names(run(filterset_of(Prefix), "within_include=10.1.0.0/16")) == {"10.1.0.0/16", "10.1.1.0/24"}
    assert names(run(filterset_of(Prefix), "contains=10.1.1.7")) == {
        "10.0.0.0/8",
        "10.1.0.0/16",
        "10.1.1.0/24",
    }
    assert names(run(filterset_of(Prefix), "prefix=192.168.0.0/16&prefix=2001:db8::/32")) == {
        "192.168.0.0/16",
        "2001:db8::/32",
    }
    assert names(run(filterset_of(Prefix), "ip_version=6")) == {"2001:db8::/32"}
    assert names(run(filterset_of(Prefix), "prefix_length=16")) == {"10.1.0.0/16", "192.168.0.0/16"}


def test_prefix_q_parses_addresses_and_falls_back_to_text():
    PrefixFactory(prefix="10.0.0.0/16", description="campus")
    PrefixFactory(prefix="10.0.5.0/24")
    PrefixFactory(prefix="172.16.0.0/12")
    assert names(run(filterset_of(Prefix), "q=10.0.5.1")) == {"10.0.0.0/16", "10.0.5.0/24"}
    assert names(run(filterset_of(Prefix), "q=CAMPUS")) == {"10.0.0.0/16"}


def test_bad_network_is_invalid():
    filterset = filterset_of(Prefix)(QueryDict("within=10.0.0"), queryset=Prefix.objects.all())
    assert not filterset.is_valid()
    assert "within" in filterset.errors


def test_ip_address_lookups(settings):
    settings.ENFORCE_GLOBAL_UNIQUE = False  # the same host twice (two masks) in the global table
    PrefixFactory(prefix="10.0.0.0/24")
    interface = InterfaceFactory(device__name="r1")
    assigned = IPAddressFactory(
        address="10.0.0.1/24", assigned_interface=interface, dns_name="r1.example.com"
    )
    other_mask = IPAddressFactory(address="10.0.0.1/32")
    orphan = IPAddressFactory(address="172.16.0.1/24")
    v6 = IPAddressFactory(address="2001:db8::1/64")
    assert set(run(filterset_of(IPAddress), "address=10.0.0.1")) == {assigned, other_mask}
    assert set(run(filterset_of(IPAddress), "address=10.0.0.1/24")) == {assigned}
    assert set(run(filterset_of(IPAddress), "parent=10.0.0.0/16")) == {assigned, other_mask}
    assert set(run(filterset_of(IPAddress), "assigned_to_interface=true")) == {assigned}
    assert set(run(filterset_of(IPAddress), "device=r1")) == {assigned}
    assert set(run(filterset_of(IPAddress), f"device_id={interface.device_id}")) == {assigned}
    assert set(run(filterset_of(IPAddress), "has_parent=false")) == {orphan, v6}
    assert set(run(filterset_of(IPAddress), "ip_version=6")) == {v6}
    assert set(run(filterset_of(IPAddress), "mask_length=32")) == {other_mask}
    assert set(run(filterset_of(IPAddress), "dns_name=r1.example.com")) == {assigned}
    assert set(run(filterset_of(IPAddress), "status=active")) == set(IPAddress.objects.all())


def test_ip_address_q_matches_dns_names_and_networks():
    named = IPAddressFactory(address="10.0.0.1/24", dns_name="core.example.com")
    inside = IPAddressFactory(address="192.0.2.10/24")
    IPAddressFactory(address="198.51.100.1/24")
    assert set(run(filterset_of(IPAddress), "q=CORE")) == {named}
    assert set(run(filterset_of(IPAddress), "q=192.0.2.0/24")) == {inside}
