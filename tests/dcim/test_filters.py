"""Filtersets of the inventory: id, name/slug, q, <fk>_id and <fk> by slug, status and tree lookups."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from dcim.choices import InterfaceTypeChoices
from dcim.models import (
    Cable,
    Device,
    DeviceType,
    Interface,
    Manufacturer,
    PowerPort,
    Region,
    Site,
    Status,
)
from tests.factories import dcim as f
from tests.filtering import filterset_of, names, run

pytestmark = pytest.mark.django_db


def test_id_takes_several_values():
    a, b, _ = f.SiteFactory.create_batch(3)
    assert set(run(filterset_of(Site), f"id={a.pk}&id={b.pk}")) == {a, b}


def test_name_and_slug_take_several_values():
    f.ManufacturerFactory(name="Arista", slug="arista")
    f.ManufacturerFactory(name="Cisco", slug="cisco")
    f.ManufacturerFactory(name="Juniper", slug="juniper")
    assert names(run(filterset_of(Manufacturer), "name=Arista&name=Juniper")) == {"Arista", "Juniper"}
    assert names(run(filterset_of(Manufacturer), "slug=cisco")) == {"Cisco"}


def test_q_searches_text_fields_case_insensitively():
    f.SiteFactory(name="Paris HQ")
    f.SiteFactory(name="Lyon", facility="EQX-PAR2")
    f.SiteFactory(name="Berlin")
    assert names(run(filterset_of(Site), "q=par")) == {"Paris HQ", "Lyon"}


def test_foreign_key_by_id_and_by_slug():
    wanted = f.DeviceTypeFactory(manufacturer__slug="arista")
    f.DeviceTypeFactory()
    assert list(run(filterset_of(DeviceType), f"manufacturer_id={wanted.manufacturer_id}")) == [wanted]
    assert list(run(filterset_of(DeviceType), "manufacturer=arista")) == [wanted]


def test_unknown_foreign_key_is_invalid_not_empty():
    filterset = filterset_of(DeviceType)(
        QueryDict("manufacturer_id=00000000-0000-0000-0000-000000000000"), queryset=DeviceType.objects.all()
    )
    assert not filterset.is_valid()
    assert "manufacturer_id" in filterset.errors


def test_status_by_slug_and_id():
    active = f.DeviceFactory(status=f.status("active"))
    planned = f.DeviceFactory(status=f.status("planned"))
    f.DeviceFactory(status=f.status("offline"))
    assert set(run(filterset_of(Device), "status=active&status=planned")) == {active, planned}
    assert list(run(filterset_of(Device), f"status_id={f.status('planned').pk}")) == [planned]


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
        assert list(run(filterset_of(Device), query)) == [device], query


def test_region_filter_includes_sub_regions():
    europe = f.RegionFactory(slug="europe")
    france = f.RegionFactory(parent=europe)
    paris = f.SiteFactory(region=france)
    brussels = f.SiteFactory(region=europe)
    f.SiteFactory(region=f.RegionFactory())
    assert set(run(filterset_of(Site), f"region_id={europe.pk}")) == {paris, brussels}
    assert set(run(filterset_of(Site), f"region_id={france.pk}")) == {paris}
    device = f.DeviceFactory(site=paris)
    assert list(run(filterset_of(Device), "region=europe")) == [device]


def test_region_parent_filter_is_direct_children_only():
    top = f.RegionFactory(slug="top")
    child = f.RegionFactory(parent=top)
    f.RegionFactory(parent=child)
    assert list(run(filterset_of(Region), "parent=top")) == [child]
    assert list(run(filterset_of(Region), "has_parent=false")) == [top]


def test_statuses_by_the_model_they_apply_to():
    f.status("active")
    f.StatusFactory(name="Sites only", applies_to=[Site])
    applies_to_devices = run(filterset_of(Status), "content_types=dcim.device")
    assert "active" in {status.slug for status in applies_to_devices}
    assert "sites-only" not in {status.slug for status in applies_to_devices}
    assert set(run(filterset_of(Status), "content_types=dcim.site")) >= set(
        Status.objects.filter(slug="sites-only")
    )


def test_ports_by_device_and_cabled():
    cabled = f.InterfaceFactory(device__name="core-1")
    f.CableFactory(termination_a=cabled)
    loose = f.InterfaceFactory(device=cabled.device, type=InterfaceTypeChoices.LOOPBACK)
    queryset = Interface.objects.filter(device=cabled.device)
    assert set(run(filterset_of(Interface), "device=core-1")) == {cabled, loose}
    assert list(run(filterset_of(Interface), "cabled=true", queryset)) == [cabled]
    assert list(run(filterset_of(Interface), "cabled=false", queryset)) == [loose]
    assert list(run(filterset_of(Interface), "type=loopback", queryset)) == [loose]
    assert list(run(filterset_of(Interface), f"device_id={cabled.device_id}&name={loose.name}")) == [loose]


def test_power_ports_by_site():
    port = f.PowerPortFactory()
    f.PowerPortFactory()
    assert list(run(filterset_of(PowerPort), f"site={port.device.site.slug}")) == [port]


def test_cables_by_device_at_either_end_and_status():
    device = f.DeviceFactory(name="edge-1")
    as_a = f.CableFactory(termination_a=f.InterfaceFactory(device=device))
    as_b = f.CableFactory(
        termination_a=f.PowerPortFactory(),
        termination_b=f.PowerOutletFactory(device=device),
        status="planned",
    )
    f.CableFactory()
    assert set(run(filterset_of(Cable), f"device_id={device.pk}")) == {as_a, as_b}
    assert set(run(filterset_of(Cable), "device=edge-1&status=planned")) == {as_b}


def test_created_range():
    site = f.SiteFactory()
    later = urlencode({"created__gte": (site.created + timedelta(seconds=1)).isoformat()})
    assert list(run(filterset_of(Site), urlencode({"created__gte": site.created.isoformat()}))) == [site]
    assert list(run(filterset_of(Site), later)) == []
