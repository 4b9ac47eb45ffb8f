"""Services (issue 24): on a device or a virtual machine (one of them), a protocol and ports 1-65535, the
addresses they listen on under NetBox's name (`ipaddresses`) and Nautobot 2.x's (`ip_addresses`)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ipam.choices import ServiceProtocolChoices
from ipam.models import Service
from tests.api_errors import assert_error_shape
from tests.factories import dcim as f
from tests.factories.ipam import IPAddressFactory, ServiceFactory
from tests.factories.virtualization import VirtualMachineFactory

pytestmark = pytest.mark.django_db


def test_a_service_on_a_device_with_its_addresses():
    device = f.DeviceFactory(name="web-01")
    address = IPAddressFactory(address="10.0.0.5/24")
    service = Service.objects.create(
        device=device, name="https", protocol=ServiceProtocolChoices.PROTOCOL_TCP, ports=[443, 8443, 80, 8444]
    )
    service.ip_addresses.add(address)  # Nautobot 2.x's name
    assert list(service.ipaddresses.all()) == [address]
    assert (service.parent, service.port_list, str(service)) == (
        device,
        "80, 443, 8443-8444",
        "https (TCP/80, 443, 8443-8444)",
    )
    assert list(device.services.all()) == [service]
    assert list(address.services.all()) == [service]
    assert Service.objects.get(ip_addresses=address) == service  # Nautobot 2.x's lookup name
    assert not Service.objects.exclude(ip_addresses__host="10.0.0.5").exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"ports": [0]}, "ports", "greater than or equal to 1"),
        ({"ports": [22, 70000]}, "ports", "less than or equal to 65535"),
        ({"ports": []}, "ports", "This field cannot be blank."),
        ({"protocol": "icmp"}, "protocol", "is not a valid choice"),
        ({"device": None}, "device", "must belong to a device or to a virtual machine"),
        ({"with_vm": True}, "virtual_machine", "not both"),
    ],
)
def test_a_bad_service_is_a_field_error(kwargs, field, message):
    values = {"device": f.DeviceFactory(), "name": "ssh", "protocol": "tcp", "ports": [22]}
    if kwargs.pop("with_vm", False):
        values["virtual_machine"] = VirtualMachineFactory()
    with pytest.raises(ValidationError) as raised:
        Service(**values | kwargs).full_clean()
    assert message in " ".join(raised.value.message_dict[field])


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def test_the_api_writes_and_reads_a_service_under_both_names(admin):
    vm = VirtualMachineFactory(name="app-01")
    address = IPAddressFactory(address="10.0.0.9/24")
    body = {
        "virtual_machine": str(vm.pk),
        "name": "dns",
        "protocol": "udp",
        "ports": [53],
        "ipaddresses": [str(address.pk)],
    }
    response = admin.post(reverse("ipam-api:service-list"), body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["protocol"] == {"value": "udp", "label": "UDP"}
    assert (
        [a["address"] for a in data["ipaddresses"]]
        == [a["address"] for a in data["ip_addresses"]]
        == ["10.0.0.9/24"]
    )
    found = admin.get(reverse("ipam-api:service-list"), {"port": 53, "virtual_machine_id": str(vm.pk)}).json()
    assert [s["name"] for s in found["results"]] == ["dns"]
    assert admin.get(reverse("ipam-api:service-list"), {"port": 22}).json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        # A list item's error is named by its index, as every list field's is.
        ({"ports": [65536]}, "ports.0"),
        ({"ports": [22, "ssh"]}, "ports.1"),
        ({"protocol": "icmp"}, "protocol"),
        ({"device": None}, "device"),
        ({"ipaddresses": ["not-a-uuid"]}, "ipaddresses"),
    ],
)
def test_a_bad_service_is_a_400_naming_the_field(admin, payload, field):
    body = {"device": str(f.DeviceFactory().pk), "name": "ssh", "protocol": "tcp", "ports": [22]}
    response = admin.post(reverse("ipam-api:service-list"), body | payload, format="json")
    assert_error_shape(response, 400)
    assert field in response.json()["errors"], response.json()


def test_services_on_the_device_page_and_the_form(admin_client):
    device = f.DeviceFactory(name="web-01")
    ServiceFactory(device=device, name="ssh", ports=[22])
    related = {
        item["title"]: item for item in admin_client.get(device.get_absolute_url()).context["related_lists"]
    }
    assert [str(row.record) for row in related["Services"]["table"].rows] == ["ssh (TCP/22)"]
    data = {"device": device.pk, "name": "https", "protocol": "tcp", "ports": "443, 8443"}
    assert admin_client.post("/ipam/services/add/", data).status_code == 302
    assert Service.objects.get(name="https").ports == [443, 8443]
    bad = admin_client.post("/ipam/services/add/", data | {"ports": "0"})
    assert "ports" in bad.context["form"].errors


@pytest.mark.parametrize("port", ["22", "-288230376151711745", "70000"])
def test_a_port_filter_out_of_range_matches_nothing_rather_than_failing(admin, port):
    ServiceFactory(ports=[22])
    response = admin.get(reverse("ipam-api:service-list"), {"port": port})
    assert response.status_code == 200, response.content
    assert response.json()["count"] == (1 if port == "22" else 0)
