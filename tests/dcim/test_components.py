"""Device components and their templates on device types (issue 23): front and rear ports with positions,
templates named uniquely per type, and a new device getting its type's components, however it is created."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dcim.choices import InterfaceTypeChoices, PortTypeChoices
from dcim.models import (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    Device,
    FrontPort,
    FrontPortTemplate,
    InterfaceTemplate,
    PowerOutletTemplate,
    PowerPortTemplate,
    RearPort,
    RearPortTemplate,
)
from extras.models import ObjectChange
from tests.api_base import assert_status
from tests.factories import dcim as f
from tests.factories.tags import CustomFieldFactory

pytestmark = pytest.mark.django_db


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# --- Front and rear ports ------------------------------------------------------------------------------
@pytest.mark.parametrize("positions", [0, 1025])
def test_a_rear_port_has_1_to_1024_positions(positions):
    port = f.RearPortFactory.build(device=f.DeviceFactory(), positions=positions)
    with pytest.raises(ValidationError) as excinfo:
        port.full_clean()
    assert error_fields(excinfo) == {"positions"}


def test_a_rear_port_has_one_position_unless_told():
    assert (
        RearPort.objects.create(device=f.DeviceFactory(), name="R1", type=PortTypeChoices.TYPE_LC).positions
        == 1
    )


def test_a_front_port_maps_to_a_position_the_rear_port_has():
    rear = f.RearPortFactory(positions=2)
    port = FrontPort(device=rear.device, name="F3", type="lc", rear_port=rear, rear_port_position=3)
    with pytest.raises(ValidationError) as excinfo:
        port.full_clean()
    assert error_fields(excinfo) == {"rear_port_position"}


def test_a_front_port_maps_to_a_rear_port_of_its_own_device():
    rear = f.RearPortFactory()
    port = FrontPort(device=f.DeviceFactory(), name="F1", type="lc", rear_port=rear, rear_port_position=1)
    with pytest.raises(ValidationError) as excinfo:
        port.full_clean()
    assert error_fields(excinfo) == {"rear_port"}


def test_one_front_port_per_rear_position():
    existing = f.FrontPortFactory()
    port = FrontPort(
        device=existing.device, name="other", type="lc", rear_port=existing.rear_port, rear_port_position=1
    )
    with pytest.raises(ValidationError) as excinfo:
        port.full_clean()
    assert "__all__" in error_fields(excinfo)


def test_a_rear_port_keeps_the_positions_its_front_ports_use():
    rear = f.RearPortFactory(positions=4)
    f.FrontPortFactory(device=rear.device, rear_port=rear, rear_port_position=3)
    rear.positions = 2
    with pytest.raises(ValidationError) as excinfo:
        rear.full_clean()
    assert error_fields(excinfo) == {"positions"}


def test_front_and_rear_ports_are_ports_with_a_cable_field():
    front = f.FrontPortFactory()
    assert (front.cable, front.is_cabled, front.connected_endpoint) == (None, False, None)
    assert front.display == f"{front.device} \u203a {front.name}"


# --- Templates -------------------------------------------------------------------------------------------
def test_a_template_name_is_unique_per_device_type():
    template = f.InterfaceTemplateFactory(name="eth0")
    duplicate = InterfaceTemplate(device_type=template.device_type, name="eth0", type="1000base-t")
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    InterfaceTemplate(device_type=f.DeviceTypeFactory(), name="eth0", type="1000base-t").full_clean()


def test_a_front_port_template_maps_to_a_rear_port_template_of_its_type_within_its_positions():
    rear = f.RearPortTemplateFactory(positions=2)
    elsewhere = FrontPortTemplate(
        device_type=f.DeviceTypeFactory(), name="F1", type="lc", rear_port=rear, rear_port_position=1
    )
    with pytest.raises(ValidationError) as excinfo:
        elsewhere.full_clean()
    assert error_fields(excinfo) == {"rear_port"}
    beyond = FrontPortTemplate(
        device_type=rear.device_type, name="F1", type="lc", rear_port=rear, rear_port_position=3
    )
    with pytest.raises(ValidationError) as excinfo:
        beyond.full_clean()
    assert error_fields(excinfo) == {"rear_port_position"}


# --- Instantiation ---------------------------------------------------------------------------------------
def patch_panel_type(ports: int = 2):
    """A type with a template of every kind: `ports` of each, front ports two per rear port."""
    device_type = f.DeviceTypeFactory(model=f"Panel {ports}")
    for index in range(1, ports + 1):
        f.ConsolePortTemplateFactory(device_type=device_type, name=f"con{index}")
        f.ConsoleServerPortTemplateFactory(device_type=device_type, name=f"cs{index}")
        f.PowerPortTemplateFactory(device_type=device_type, name=f"PSU{index}")
        f.PowerOutletTemplateFactory(device_type=device_type, name=f"out{index}")
        f.InterfaceTemplateFactory(
            device_type=device_type,
            name=f"eth{index}",
            type=InterfaceTypeChoices.SFP_1G,
            mgmt_only=index == 1,
        )
        rear = f.RearPortTemplateFactory(device_type=device_type, name=f"R{index}", positions=2)
        for position in (1, 2):
            f.FrontPortTemplateFactory(
                device_type=device_type,
                name=f"F{index}-{position}",
                rear_port=rear,
                rear_port_position=position,
            )
    return device_type


def test_a_new_device_gets_the_components_its_type_promises():
    device_type = patch_panel_type()
    device = Device.objects.create(
        name="pp-1",
        site=f.SiteFactory(),
        device_type=device_type,
        role=f.DeviceRoleFactory(),
        status=f.status(),
    )
    assert sorted(device.consoleports.values_list("name", flat=True)) == ["con1", "con2"]
    assert sorted(device.console_server_ports.values_list("name", flat=True)) == ["cs1", "cs2"]
    assert device.powerports.count() == device.poweroutlets.count() == 2
    assert set(device.interfaces.values_list("name", "type", "mgmt_only")) == {
        ("eth1", "1000base-x-sfp", True),
        ("eth2", "1000base-x-sfp", False),
    }
    assert set(device.rearports.values_list("name", "positions")) == {("R1", 2), ("R2", 2)}
    assert set(device.front_ports.values_list("name", "rear_port__name", "rear_port_position")) == {
        ("F1-1", "R1", 1),
        ("F1-2", "R1", 2),
        ("F2-1", "R2", 1),
        ("F2-2", "R2", 2),
    }
    assert {port.rear_port.device_id for port in device.frontports.all()} == {device.pk}


def test_saving_a_device_again_adds_nothing():
    device = f.DeviceFactory(device_type=patch_panel_type())
    device.description = "moved"
    device.save()
    assert device.interfaces.count() == 2


def test_validated_save_instantiates_too():
    device = f.DeviceFactory.build(
        site=f.SiteFactory(), device_type=patch_panel_type(), role=f.DeviceRoleFactory(), status=f.status()
    )
    device.validated_save()
    assert device.rearports.count() == 2


def test_the_queries_do_not_grow_with_the_number_of_templates():
    site, role, active = f.SiteFactory(), f.DeviceRoleFactory(), f.status()
    small, large = patch_panel_type(1), patch_panel_type(6)

    def create(name, device_type) -> int:
        with CaptureQueriesContext(connection) as queries:
            Device.objects.create(name=name, site=site, device_type=device_type, role=role, status=active)
        return len(queries.captured_queries)

    assert create("small", small) == create("large", large)
    assert Device.objects.get(name="large").frontports.count() == 12


def test_a_device_made_through_the_api_gets_its_components_in_the_change_log(admin_api):
    device_type = patch_panel_type(1)
    payload = {
        "name": "pp-api",
        "site": str(f.SiteFactory().pk),
        "device_type": str(device_type.pk),
        "role": str(f.DeviceRoleFactory().pk),
        "status": str(f.status().pk),
    }
    response = admin_api.post(reverse("dcim-api:device-list"), payload, format="json")
    assert_status(response, 201)
    device = Device.objects.get(pk=response.json()["id"])
    front = device.frontports.get(name="F1-2")
    assert (front.rear_port, front.rear_port_position) == (device.rearports.get(), 2)
    assert ObjectChange.objects.filter(changed_object_id=front.pk, action="create").exists()


def test_nothing_is_kept_when_a_component_cannot_be_made():
    """Device and components are one transaction: when a component cannot be made (here a front port template
    bound, behind validation's back, to another type's rear port), no device or component is left behind."""
    device_type = patch_panel_type(1)
    FrontPortTemplate.objects.filter(device_type=device_type, name="F1-1").update(
        rear_port=f.RearPortTemplateFactory()
    )
    with pytest.raises(KeyError):
        f.DeviceFactory(name="doomed", device_type=device_type)
    assert not Device.objects.filter(name="doomed").exists()
    assert not RearPort.objects.exists()


def test_netbox_and_nautobot_names_of_the_reverse_relations():
    device_type = patch_panel_type(1)
    device = f.DeviceFactory(device_type=device_type)
    for netbox, nautobot in [
        ("consoleports", "console_ports"),
        ("consoleserverports", "console_server_ports"),
        ("powerports", "power_ports"),
        ("poweroutlets", "power_outlets"),
        ("frontports", "front_ports"),
        ("rearports", "rear_ports"),
    ]:
        assert list(getattr(device, netbox).all()) == list(getattr(device, nautobot).all()) != [], netbox
    for netbox, nautobot, model in [
        ("consoleporttemplates", "console_port_templates", ConsolePortTemplate),
        ("consoleserverporttemplates", "console_server_port_templates", ConsoleServerPortTemplate),
        ("powerporttemplates", "power_port_templates", PowerPortTemplate),
        ("poweroutlettemplates", "power_outlet_templates", PowerOutletTemplate),
        ("interfacetemplates", "interface_templates", InterfaceTemplate),
        ("rearporttemplates", "rear_port_templates", RearPortTemplate),
        ("frontporttemplates", "front_port_templates", FrontPortTemplate),
    ]:
        expected = list(model.objects.filter(device_type=device_type))
        assert (
            list(getattr(device_type, netbox).all()) == list(getattr(device_type, nautobot).all()) == expected
        )


def test_the_detail_pages_list_templates_and_components(admin_client):
    device = f.DeviceFactory(device_type=patch_panel_type(1))
    type_page = admin_client.get(device.device_type.get_absolute_url()).content.decode()
    assert "Front port templates" in type_page and "F1-1" in type_page
    device_page = admin_client.get(device.get_absolute_url()).content.decode()
    assert "Front ports" in device_page and "Rear ports" in device_page and "F1-1" in device_page


def test_components_made_in_bulk_take_the_custom_field_defaults():
    CustomFieldFactory(name="patched", type="boolean", default=False, models=[FrontPort])
    device = f.DeviceFactory(device_type=patch_panel_type(1))
    assert [port.cf["patched"] for port in device.frontports.all()] == [False, False]
