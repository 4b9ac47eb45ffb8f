"""An address's interface as NetBox and Nautobot 1.x code names it (`assigned_object`), and as Nautobot 2.x
does (`interface.add_ip_addresses()`, `ip.interfaces`): one field underneath, `assigned_interface`."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from dcim.models import Interface
from ipam.models import IPAddress
from tests.factories.dcim import DeviceFactory, InterfaceFactory
from tests.factories.ipam import IPAddressFactory

pytestmark = pytest.mark.django_db


def test_an_address_created_with_assigned_object_is_on_that_interface():
    interface = InterfaceFactory()
    address = IPAddress(address="10.1.1.1/24", status="active", assigned_object=interface)
    address.validated_save()
    assert IPAddress.objects.get(pk=address.pk).assigned_interface == interface
    assert address.assigned_object == interface and address.assigned_object.device == interface.device
    assert address.assigned_object_type == ContentType.objects.get_for_model(Interface)
    assert address.assigned_object_id == interface.pk
    assert list(interface.ip_addresses.all()) == [address]


def test_assigned_object_can_be_cleared_and_moved():
    first, second = InterfaceFactory(), InterfaceFactory()
    address = IPAddressFactory(assigned_interface=first)
    address.assigned_object = second
    address.validated_save()
    assert IPAddress.objects.get(pk=address.pk).assigned_interface == second
    address.assigned_object = None
    assert address.assigned_object is None and address.assigned_object_type is None
    assert address.assigned_object_id is None


def test_assigning_something_that_is_not_an_interface_is_a_clear_error():
    address = IPAddressFactory()
    with pytest.raises(ValidationError, match="interface"):
        address.assigned_object = DeviceFactory()


def test_the_nautobot_2_way_adds_addresses_to_an_interface():
    interface = InterfaceFactory()
    one, two = IPAddressFactory(), IPAddressFactory()
    interface.add_ip_addresses([one, two])
    assert set(interface.ip_addresses.all()) == {one, two}
    assert list(IPAddress.objects.get(pk=one.pk).interfaces.all()) == [interface]
    interface.remove_ip_addresses(one)
    assert list(interface.ip_addresses.all()) == [two]


def test_a_device_names_its_primary_address_of_either_family():
    interface = InterfaceFactory()
    v4 = IPAddressFactory(address="192.0.2.1/24", assigned_interface=interface)
    device = interface.device
    device.primary_ip4 = v4
    device.validated_save()
    assert device.primary_ip == v4 and device.primary_ip4 == v4
