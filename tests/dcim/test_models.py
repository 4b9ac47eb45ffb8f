"""Validation rules of the inventory models: unique slugs and names, status applicability, primary IPs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dcim.models import (
    Device,
    DeviceRole,
    DeviceType,
    Interface,
    Manufacturer,
    Platform,
    Region,
    Role,
    Site,
    Status,
)
from ipam.models import IPAddress, Prefix
from tests.factories.dcim import (
    DeviceFactory,
    DeviceRoleFactory,
    DeviceTypeFactory,
    InterfaceFactory,
    ManufacturerFactory,
    PlatformFactory,
    RegionFactory,
    SiteFactory,
    StatusFactory,
    status,
)
from tests.factories.ipam import IPAddressFactory

pytestmark = pytest.mark.django_db


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


@pytest.mark.parametrize(
    "factory",
    [RegionFactory, SiteFactory, ManufacturerFactory, DeviceTypeFactory, DeviceRoleFactory, PlatformFactory],
)
def test_slug_is_unique(factory):
    existing = factory()
    duplicate = factory.build(slug=existing.slug, **_required_relations(factory))
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "slug" in error_fields(excinfo)


def test_a_slug_left_out_is_made_from_the_name_as_nautobot_code_expects():
    """Nautobot 2.x models have no slug and 1.x fills it in: job code creates objects without one."""
    arista = Manufacturer.objects.create(name="Arista Networks")
    switch = DeviceType(manufacturer=arista, model="DCS-7280SR-48C6")
    switch.validated_save()
    maintenance = Status(name="In Maintenance", color="ff9800")
    maintenance.validated_save()
    created = [
        arista,
        switch,
        maintenance,
        Platform.objects.create(name="Arista EOS"),
        Region.objects.create(name="Île-de-France"),
        Site.objects.create(name="Paris 2"),
        Role.objects.create(name="Spine Switch"),
    ]

    assert [obj.slug for obj in created] == [
        "arista-networks",
        "dcs-7280sr-48c6",
        "in-maintenance",
        "arista-eos",
        "ile-de-france",
        "paris-2",
        "spine-switch",
    ]
    kept = Manufacturer.objects.create(name="Juniper Networks", slug="juniper")
    assert kept.slug == "juniper"


def _required_relations(factory) -> dict:
    if factory is SiteFactory:
        return {"status": status()}
    if factory is DeviceTypeFactory:
        return {"manufacturer": ManufacturerFactory()}
    return {}


def test_status_slug_is_unique():
    StatusFactory(name="Testing", slug="testing")
    with pytest.raises(ValidationError) as excinfo:
        Status(name="Testing again", slug="testing").full_clean()
    assert "slug" in error_fields(excinfo)


def test_default_statuses_apply_to_sites_devices_prefixes_and_addresses():
    slugs = {"active", "planned", "staged", "failed", "offline", "decommissioning"}
    for slug in slugs:
        status(slug)
    for model in (Site, Device, Prefix, IPAddress):
        assert slugs <= set(Status.objects.get_for_model(model).values_list("slug", flat=True))


def test_status_must_apply_to_the_model():
    site_only = StatusFactory(name="Site only", applies_to=[Site])
    device = DeviceFactory.build(
        site=SiteFactory(), device_type=DeviceTypeFactory(), role=DeviceRoleFactory()
    )
    device.status = site_only
    with pytest.raises(ValidationError) as excinfo:
        device.full_clean()
    assert excinfo.value.message_dict["status"] == ["This status does not apply to device objects."]


def test_status_that_applies_is_accepted():
    SiteFactory.build(status=StatusFactory(name="Site only", applies_to=[Site])).full_clean()


def test_device_name_is_unique_per_site():
    device = DeviceFactory()
    duplicate = DeviceFactory.build(
        name=device.name, site=device.site, device_type=device.device_type, role=device.role
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    DeviceFactory.build(
        name=device.name, site=SiteFactory(), device_type=device.device_type, role=device.role
    ).full_clean()


def test_device_accepts_nautobot_style_device_role_keyword():
    role = DeviceRoleFactory()
    device = Device(device_role=role)
    assert device.role == role
    assert device.device_role == role


@pytest.mark.parametrize("factory_name", ["InterfaceFactory", "ConsolePortFactory", "PowerOutletFactory"])
def test_port_name_is_unique_per_device(factory_name):
    from tests.factories import dcim as factories

    factory = getattr(factories, factory_name)
    port = factory()
    with pytest.raises(ValidationError):
        factory.build(device=port.device, name=port.name).full_clean()
    factory.build(device=DeviceFactory(), name=port.name).full_clean()


def test_region_cannot_be_its_own_ancestor():
    top = RegionFactory()
    child = RegionFactory(parent=top)
    grandchild = RegionFactory(parent=child)
    top.parent = grandchild
    with pytest.raises(ValidationError) as excinfo:
        top.full_clean()
    assert "parent" in error_fields(excinfo)


def test_region_descendants_and_ancestors():
    top = RegionFactory()
    child = RegionFactory(parent=top)
    grandchild = RegionFactory(parent=child)
    RegionFactory()
    assert top.get_descendant_ids() == {top.pk, child.pk, grandchild.pk}
    assert grandchild.get_ancestors() == [child, top]


def test_primary_ip_must_be_on_one_of_the_devices_interfaces():
    device = DeviceFactory()
    elsewhere = IPAddressFactory(address="10.0.0.1/24", assigned_interface=InterfaceFactory())
    device.primary_ip4 = elsewhere
    with pytest.raises(ValidationError) as excinfo:
        device.full_clean()
    assert "primary_ip4" in error_fields(excinfo)

    elsewhere.assigned_interface = InterfaceFactory(device=device)
    elsewhere.save()
    device.full_clean()


def test_primary_ip_must_have_the_right_version():
    interface = InterfaceFactory()
    device = interface.device
    device.primary_ip4 = IPAddressFactory(address="2001:db8::1/64", assigned_interface=interface)
    with pytest.raises(ValidationError) as excinfo:
        device.full_clean()
    assert excinfo.value.message_dict["primary_ip4"] == ["2001:db8::1/64 is not an IPv4 address."]


def test_deleting_an_interface_keeps_its_addresses():
    address = IPAddressFactory(assigned_interface=InterfaceFactory())
    Interface.objects.all().delete()
    address.refresh_from_db()
    assert address.assigned_interface is None


def test_strings_of_models():
    assert str(DeviceTypeFactory(model="DCS-7150")) == "DCS-7150"
    assert str(Prefix(prefix="2001:db8::/48")) == "2001:db8::/48"
    assert str(IPAddress(address="10.0.0.1/24")) == "10.0.0.1/24"
    interface = InterfaceFactory(name="Gi0/1", device__name="edge-1")
    assert str(interface) == "Gi0/1"
    assert interface.display == "edge-1 \u203a Gi0/1"


def test_validated_save_runs_full_clean():
    with pytest.raises(ValidationError):
        DeviceRole(name="", slug="x").validated_save()
    assert not DeviceRole.objects.exists()


def test_region_string_and_site_counts():
    region = Region.objects.create(name="Europe", slug="europe")
    assert str(region) == "Europe"


@pytest.mark.parametrize(
    "factory_name",
    [
        "RegionFactory", "SiteFactory", "StatusFactory", "ManufacturerFactory", "DeviceTypeFactory",
        "DeviceRoleFactory", "PlatformFactory", "DeviceFactory", "InterfaceFactory", "ConsolePortFactory",
        "ConsoleServerPortFactory", "PowerPortFactory", "PowerOutletFactory", "CableFactory", "PrefixFactory",
        "IPAddressFactory",
    ],
)  # fmt: skip
def test_absolute_url_is_the_detail_page(factory_name):
    from tests.factories import dcim, ipam

    obj = getattr(dcim, factory_name, None) or getattr(ipam, factory_name)
    obj = obj()
    assert obj.get_absolute_url() == f"/{obj._meta.app_label}/{_url_segment(obj)}/{obj.pk}/"


def _url_segment(obj) -> str:
    from django.urls import reverse

    meta = obj._meta
    return reverse(f"{meta.app_label}:{meta.model_name}_list").strip("/").split("/")[-1]
