"""Filtersets of the inventory: id, name/slug, q, <fk>_id and <fk> by slug, status, tree and address lookups."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from dcim import filters
from dcim.choices import InterfaceTypeChoices
from dcim.models import DeviceType, Interface, IPAddress, Prefix, Site, Status
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


def run(filterset_class, query: str, queryset=None):
    filterset = filterset_class(
        QueryDict(query), queryset=queryset or filterset_class._meta.model.objects.all()
    )
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def names(queryset) -> set[str]:
    return {str(obj) for obj in queryset}


def test_id_takes_several_values():
    a, b, _ = f.SiteFactory.create_batch(3)
    assert set(run(filters.SiteFilterSet, f"id={a.pk}&id={b.pk}")) == {a, b}


def test_name_and_slug_take_several_values():
    f.ManufacturerFactory(name="Arista", slug="arista")
    f.ManufacturerFactory(name="Cisco", slug="cisco")
    f.ManufacturerFactory(name="Juniper", slug="juniper")
    assert names(run(filters.ManufacturerFilterSet, "name=Arista&name=Juniper")) == {"Arista", "Juniper"}
    assert names(run(filters.ManufacturerFilterSet, "slug=cisco")) == {"Cisco"}


def test_q_searches_text_fields_case_insensitively():
    f.SiteFactory(name="Paris HQ")
    f.SiteFactory(name="Lyon", facility="EQX-PAR2")
    f.SiteFactory(name="Berlin")
    assert names(run(filters.SiteFilterSet, "q=par")) == {"Paris HQ", "Lyon"}


def test_foreign_key_by_id_and_by_slug():
    wanted = f.DeviceTypeFactory(manufacturer__slug="arista")
    f.DeviceTypeFactory()
    assert list(run(filters.DeviceTypeFilterSet, f"manufacturer_id={wanted.manufacturer_id}")) == [wanted]
    assert list(run(filters.DeviceTypeFilterSet, "manufacturer=arista")) == [wanted]


def test_unknown_foreign_key_is_invalid_not_empty():
    filterset = filters.DeviceTypeFilterSet(
        QueryDict("manufacturer_id=00000000-0000-0000-0000-000000000000"), queryset=DeviceType.objects.all()
    )
    assert not filterset.is_valid()
    assert "manufacturer_id" in filterset.errors


def test_status_by_slug_and_id():
    active = f.DeviceFactory(status=f.status("active"))
    planned = f.DeviceFactory(status=f.status("planned"))
    f.DeviceFactory(status=f.status("offline"))
    assert set(run(filters.DeviceFilterSet, "status=active&status=planned")) == {active, planned}
    assert list(run(filters.DeviceFilterSet, f"status_id={f.status('planned').pk}")) == [planned]


def test_device_filters_on_site_role_type_manufacturer_and_platform():
    device = f.DeviceFactory(platform=f.PlatformFactory(slug="eos"))
    f.DeviceFactory()
    for query in (
        f"site_id={device.site_id}",
        f"site={device.site.slug}",
        f"role={device.role.slug}",
        f"device_type={device.device_type.slug}",
        f"manufacturer_id={device.device_type.manufacturer_id}",
        "platform=eos",
        f"name={device.name}",
    ):
        assert list(run(filters.DeviceFilterSet, query)) == [device], query


def test_region_filter_includes_sub_regions():
    europe = f.RegionFactory(slug="europe")
    france = f.RegionFactory(parent=europe)
    paris = f.SiteFactory(region=france)
    brussels = f.SiteFactory(region=europe)
    f.SiteFactory(region=f.RegionFactory())
    assert set(run(filters.SiteFilterSet, f"region_id={europe.pk}")) == {paris, brussels}
    assert set(run(filters.SiteFilterSet, f"region_id={france.pk}")) == {paris}
    device = f.DeviceFactory(site=paris)
    assert list(run(filters.DeviceFilterSet, "region=europe")) == [device]


def test_region_parent_filter_is_direct_children_only():
    top = f.RegionFactory(slug="top")
    child = f.RegionFactory(parent=top)
    f.RegionFactory(parent=child)
    assert list(run(filters.RegionFilterSet, "parent=top")) == [child]
    assert list(run(filters.RegionFilterSet, "has_parent=false")) == [top]


def test_statuses_by_the_model_they_apply_to():
    f.status("active")
    f.StatusFactory(name="Sites only", applies_to=[Site])
    applies_to_devices = run(filters.StatusFilterSet, "content_types=dcim.device")
    assert "active" in {status.slug for status in applies_to_devices}
    assert "sites-only" not in {status.slug for status in applies_to_devices}
    assert set(run(filters.StatusFilterSet, "content_types=dcim.site")) >= set(
        Status.objects.filter(slug="sites-only")
    )


def test_ports_by_device_and_cabled():
    cabled = f.InterfaceFactory(device__name="core-1")
    f.CableFactory(termination_a=cabled)
    loose = f.InterfaceFactory(device=cabled.device, type=InterfaceTypeChoices.LOOPBACK)
    queryset = Interface.objects.filter(device=cabled.device)
    assert set(run(filters.InterfaceFilterSet, "device=core-1")) == {cabled, loose}
    assert list(run(filters.InterfaceFilterSet, "cabled=true", queryset)) == [cabled]
    assert list(run(filters.InterfaceFilterSet, "cabled=false", queryset)) == [loose]
    assert list(run(filters.InterfaceFilterSet, "type=loopback", queryset)) == [loose]
    assert list(run(filters.InterfaceFilterSet, f"device_id={cabled.device_id}&name={loose.name}")) == [loose]


def test_power_ports_by_site():
    port = f.PowerPortFactory()
    f.PowerPortFactory()
    assert list(run(filters.PowerPortFilterSet, f"site={port.device.site.slug}")) == [port]


def test_cables_by_device_at_either_end_and_status():
    device = f.DeviceFactory(name="edge-1")
    as_a = f.CableFactory(termination_a=f.InterfaceFactory(device=device))
    as_b = f.CableFactory(
        termination_a=f.PowerPortFactory(),
        termination_b=f.PowerOutletFactory(device=device),
        status="planned",
    )
    f.CableFactory()
    assert set(run(filters.CableFilterSet, f"device_id={device.pk}")) == {as_a, as_b}
    assert set(run(filters.CableFilterSet, "device=edge-1&status=planned")) == {as_b}


def test_prefix_lookups():
    for value in ("10.0.0.0/8", "10.1.0.0/16", "10.1.1.0/24", "192.168.0.0/16", "2001:db8::/32"):
        f.PrefixFactory(prefix=value)
    assert names(run(filters.PrefixFilterSet, "within=10.0.0.0/8")) == {"10.1.0.0/16", "10.1.1.0/24"}
    assert names(run(filters.PrefixFilterSet, "within_include=10.1.0.0/16")) == {"10.1.0.0/16", "10.1.1.0/24"}
    assert names(run(filters.PrefixFilterSet, "contains=10.1.1.7")) == {
        "10.0.0.0/8",
        "10.1.0.0/16",
        "10.1.1.0/24",
    }
    assert names(run(filters.PrefixFilterSet, "prefix=192.168.0.0/16&prefix=2001:db8::/32")) == {
        "192.168.0.0/16",
        "2001:db8::/32",
    }
    assert names(run(filters.PrefixFilterSet, "ip_version=6")) == {"2001:db8::/32"}
    assert names(run(filters.PrefixFilterSet, "prefix_length=16")) == {"10.1.0.0/16", "192.168.0.0/16"}


def test_prefix_q_parses_addresses_and_falls_back_to_text():
    f.PrefixFactory(prefix="10.0.0.0/16", description="campus")
    f.PrefixFactory(prefix="10.0.5.0/24")
    f.PrefixFactory(prefix="172.16.0.0/12")
    assert names(run(filters.PrefixFilterSet, "q=10.0.5.1")) == {"10.0.0.0/16", "10.0.5.0/24"}
    assert names(run(filters.PrefixFilterSet, "q=CAMPUS")) == {"10.0.0.0/16"}


def test_bad_network_is_invalid():
    filterset = filters.PrefixFilterSet(QueryDict("within=10.0.0"), queryset=Prefix.objects.all())
    assert not filterset.is_valid()
    assert "within" in filterset.errors


def test_ip_address_lookups():
    f.PrefixFactory(prefix="10.0.0.0/24")
    interface = f.InterfaceFactory(device__name="r1")
    assigned = f.IPAddressFactory(
        address="10.0.0.1/24", assigned_interface=interface, dns_name="r1.example.com"
    )
    other_mask = f.IPAddressFactory(address="10.0.0.1/32")
    orphan = f.IPAddressFactory(address="172.16.0.1/24")
    v6 = f.IPAddressFactory(address="2001:db8::1/64")
    assert set(run(filters.IPAddressFilterSet, "address=10.0.0.1")) == {assigned, other_mask}
    assert set(run(filters.IPAddressFilterSet, "address=10.0.0.1/24")) == {assigned}
    assert set(run(filters.IPAddressFilterSet, "parent=10.0.0.0/16")) == {assigned, other_mask}
    assert set(run(filters.IPAddressFilterSet, "assigned_to_interface=true")) == {assigned}
    assert set(run(filters.IPAddressFilterSet, "device=r1")) == {assigned}
    assert set(run(filters.IPAddressFilterSet, f"device_id={interface.device_id}")) == {assigned}
    assert set(run(filters.IPAddressFilterSet, "has_parent=false")) == {orphan, v6}
    assert set(run(filters.IPAddressFilterSet, "ip_version=6")) == {v6}
    assert set(run(filters.IPAddressFilterSet, "mask_length=32")) == {other_mask}
    assert set(run(filters.IPAddressFilterSet, "dns_name=r1.example.com")) == {assigned}
    assert set(run(filters.IPAddressFilterSet, "status=active")) == set(IPAddress.objects.all())


def test_ip_address_q_matches_dns_names_and_networks():
    named = f.IPAddressFactory(address="10.0.0.1/24", dns_name="core.example.com")
    inside = f.IPAddressFactory(address="192.0.2.10/24")
    f.IPAddressFactory(address="198.51.100.1/24")
    assert set(run(filters.IPAddressFilterSet, "q=CORE")) == {named}
    assert set(run(filters.IPAddressFilterSet, "q=192.0.2.0/24")) == {inside}


def test_created_range():
    site = f.SiteFactory()
    later = urlencode({"created__gte": (site.created + timedelta(seconds=1)).isoformat()})
    assert list(run(filters.SiteFilterSet, urlencode({"created__gte": site.created.isoformat()}))) == [site]
    assert list(run(filters.SiteFilterSet, later)) == []
