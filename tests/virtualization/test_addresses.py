"""Addresses on VM interfaces (issue 24): `assigned_vm_interface` beside `assigned_interface`, at most one set,
`assigned_object` over both, `vminterface.add_ip_addresses()` as on a device interface, and the address
filters NetBox offers (`vminterface_id`, `virtual_machine_id`)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from ipam.models import IPAddress
from tests.api_base import client_for
from tests.factories.dcim import InterfaceFactory, status
from tests.factories.ipam import IPAddressFactory
from tests.factories.users import SuperuserFactory
from tests.factories.virtualization import VMInterfaceFactory
from virtualization.models import VMInterface

pytestmark = pytest.mark.django_db


def test_an_address_assigned_to_a_vm_interface_through_assigned_object():
    interface = VMInterfaceFactory()
    address = IPAddress(address="10.9.0.1/24", status="active", assigned_object=interface)
    address.validated_save()
    address = IPAddress.objects.get(pk=address.pk)
    assert address.assigned_vm_interface == interface and address.assigned_interface is None
    assert address.assigned_object == interface
    assert address.assigned_object_type == ContentType.objects.get_for_model(VMInterface)
    assert address.assigned_object_id == interface.pk
    assert list(interface.ip_addresses.all()) == [address]
    assert list(address.vm_interfaces.all()) == [interface] and not address.interfaces.exists()


def test_moving_an_address_between_a_device_and_a_vm_interface_clears_the_other():
    device_interface, vm_interface = InterfaceFactory(), VMInterfaceFactory()
    address = IPAddressFactory(assigned_interface=device_interface)
    address.assigned_object = vm_interface
    address.validated_save()
    address.refresh_from_db()
    assert (address.assigned_interface, address.assigned_vm_interface) == (None, vm_interface)
    address.assigned_object = device_interface
    address.validated_save()
    address.refresh_from_db()
    assert (address.assigned_interface, address.assigned_vm_interface) == (device_interface, None)


def test_the_database_refuses_an_address_on_two_interfaces():
    address = IPAddressFactory(assigned_interface=InterfaceFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        IPAddress.objects.filter(pk=address.pk).update(assigned_vm_interface=VMInterfaceFactory())


def test_vm_interfaces_add_and_remove_addresses_as_device_interfaces_do():
    interface = VMInterfaceFactory()
    one, two = IPAddressFactory(), IPAddressFactory(assigned_interface=InterfaceFactory())
    assert interface.add_ip_addresses([one, two]) == 2
    assert set(interface.ip_addresses.all()) == {one, two}
    assert IPAddress.objects.get(pk=two.pk).assigned_interface is None
    assert interface.remove_ip_addresses([one, IPAddressFactory()]) == 1
    assert list(interface.ip_addresses.all()) == [two]


def test_addresses_filter_by_vm_interface_and_virtual_machine():
    interface = VMInterfaceFactory()
    on_vm = IPAddressFactory(assigned_vm_interface=interface)
    IPAddressFactory(assigned_interface=InterfaceFactory())
    client = client_for(SuperuserFactory())
    for params in (
        {"vminterface_id": str(interface.pk)},
        {"virtual_machine_id": str(interface.virtual_machine_id)},
        {"virtual_machine": interface.virtual_machine.name},
    ):
        response = client.get("/api/ipam/ip-addresses/", params)
        assert [row["id"] for row in response.json()["results"]] == [str(on_vm.pk)], params
    detail = client.get(f"/api/ipam/ip-addresses/{on_vm.pk}/").json()
    assert detail["assigned_vm_interface"]["id"] == str(interface.pk)


def test_the_address_form_names_vm_interfaces_with_their_vm(admin_client):
    interface = VMInterfaceFactory(name="eth0", virtual_machine__name="web-01")
    html = admin_client.get("/ipam/ip-addresses/add/").content.decode()
    assert "web-01 \u203a eth0" in html
    response = admin_client.post(
        "/ipam/ip-addresses/add/",
        {
            "address": "10.9.9.9/24",
            "status": str(status("active").pk),
            "assigned_vm_interface": str(interface.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert IPAddress.objects.get(assigned_vm_interface=interface).address.ip.format() == "10.9.9.9"
