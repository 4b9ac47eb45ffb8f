"""Device bays, module bays, module types and modules, inventory items (issue 23): their rules, their templates
made into a new device's bays, and the names NetBox and Nautobot 2.x code reads them by."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dcim.choices import ModuleStatusChoices
from dcim.models import (
    DeviceBay,
    DeviceBayTemplate,
    InventoryItem,
    Module,
    ModuleBay,
    ModuleBayTemplate,
    ModuleType,
)
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# --- Device bays ---------------------------------------------------------------------------------------
def test_a_child_device_is_installed_in_a_bay_and_knows_its_parent():
    bay = f.DeviceBayFactory()
    child = f.DeviceFactory(site=bay.device.site, device_type=f.child_device_type())
    bay.installed_device = child
    bay.full_clean()
    bay.save()
    child.refresh_from_db()
    assert (child.parent_bay, child.parent_device) == (bay, bay.device)
    assert list(bay.device.devicebays.all()) == list(bay.device.device_bays.all()) == [bay]


def test_a_device_is_not_installed_in_itself():
    bay = f.DeviceBayFactory()
    bay.installed_device = bay.device
    with pytest.raises(ValidationError) as excinfo:
        bay.full_clean()
    assert "installed_device" in error_fields(excinfo)


def test_one_bay_per_child_device():
    bay = f.DeviceBayFactory()
    child = f.DeviceFactory(device_type=f.child_device_type())
    bay.installed_device = child
    bay.save()
    other = DeviceBay(device=bay.device, name="Bay 2", installed_device=child)
    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()
    assert "installed_device" in error_fields(excinfo)


def test_only_a_parent_device_type_has_bays_and_only_a_child_goes_in_one():
    device = f.DeviceFactory()  # a type that is no parent
    with pytest.raises(ValidationError) as excinfo:
        DeviceBay(device=device, name="Bay 1").full_clean()
    assert "device" in error_fields(excinfo)
    bay = f.DeviceBayFactory()
    bay.installed_device = f.DeviceFactory()  # no child either
    with pytest.raises(ValidationError) as excinfo:
        bay.full_clean()
    assert error_fields(excinfo) == {"installed_device"}


# --- Modules ---------------------------------------------------------------------------------------------
def test_a_module_sits_in_a_bay_of_its_own_device():
    bay = f.ModuleBayFactory()
    module_type = f.ModuleTypeFactory()
    module = Module(device=f.DeviceFactory(), module_bay=bay, module_type=module_type)
    with pytest.raises(ValidationError) as excinfo:
        module.full_clean()
    assert error_fields(excinfo) == {"module_bay"}
    module.device = bay.device
    module.full_clean()
    module.save()
    assert module.status.slug == ModuleStatusChoices.STATUS_ACTIVE  # NetBox's default
    assert (bay.installed_module, module.parent_module_bay) == (module, bay)
    assert list(bay.device.modulebays.all()) == list(bay.device.module_bays.all()) == [bay]


def test_nautobot_2x_code_installs_a_module_by_its_parent_module_bay_alone():
    bay = f.ModuleBayFactory()
    module = Module(module_type=f.ModuleTypeFactory(), parent_module_bay=bay, serial="X1")
    module.validated_save()
    assert (module.device, module.module_bay) == (bay.device, bay)
    assert Module.objects.create(
        module_type=module.module_type, parent_module_bay=f.ModuleBayFactory()
    ).device_id


def test_only_a_parent_device_type_has_device_bay_templates():
    with pytest.raises(ValidationError) as excinfo:
        DeviceBayTemplate(device_type=f.DeviceTypeFactory(), name="Bay 1").full_clean()
    assert "device_type" in error_fields(excinfo)
    DeviceBayTemplate(device_type=f.parent_device_type(), name="Bay 1").full_clean()


def test_a_module_status_is_a_status_row_given_as_netbox_or_nautobot_code_gives_it():
    planned = Module(module_type=f.ModuleTypeFactory(), module_bay=f.ModuleBayFactory(), status="planned")
    planned.validated_save()
    assert planned.status == f.status("planned") and planned.get_status_display() == "Planned"
    offline = f.ModuleFactory(status=f.status("offline"))
    assert list(Module.objects.filter(status=ModuleStatusChoices.STATUS_OFFLINE)) == [offline]
    retired = f.ModuleFactory()
    retired.status = f.status("retired")  # a status of sites only
    with pytest.raises(ValidationError) as excinfo:
        retired.full_clean()
    assert error_fields(excinfo) == {"status"}


def test_one_module_per_bay():
    module = f.ModuleFactory()
    other = Module(device=module.device, module_bay=module.module_bay, module_type=module.module_type)
    with pytest.raises(ValidationError) as excinfo:
        other.full_clean()
    assert "module_bay" in error_fields(excinfo)


def test_a_module_type_is_unique_per_manufacturer():
    module_type = f.ModuleTypeFactory()
    with pytest.raises(ValidationError):
        ModuleType(manufacturer=module_type.manufacturer, model=module_type.model).full_clean()


def test_a_component_may_belong_to_a_module_of_its_device_and_goes_with_it():
    module = f.ModuleFactory()
    interface = f.InterfaceFactory(device=module.device, module=module)
    stray = f.InterfaceFactory(module=module)  # on another device
    with pytest.raises(ValidationError) as excinfo:
        stray.full_clean()
    assert error_fields(excinfo) == {"module"}
    assert set(module.interfaces.all()) == {interface, stray}
    stray.delete()
    module.delete()
    assert not type(interface).objects.filter(pk=interface.pk).exists()


# --- Inventory items ---------------------------------------------------------------------------------------
def test_inventory_items_nest_on_one_device():
    chassis = f.InventoryItemFactory(name="Chassis")
    card = f.InventoryItemFactory(device=chassis.device, parent=chassis, name="Line card")
    f.InventoryItemFactory(device=chassis.device, parent=card, name="Optic")
    assert set(chassis.get_descendant_ids()) == set(InventoryItem.objects.values_list("pk", flat=True))
    assert list(chassis.device.inventoryitems.order_by("name")) == list(
        chassis.device.inventory_items.order_by("name")
    )
    chassis.parent = card
    with pytest.raises(ValidationError) as excinfo:
        chassis.full_clean()
    assert "parent" in error_fields(excinfo)
    elsewhere = InventoryItem(device=f.DeviceFactory(), parent=card, name="Optic")
    with pytest.raises(ValidationError) as excinfo:
        elsewhere.full_clean()
    assert "parent" in error_fields(excinfo)


# --- Templates ---------------------------------------------------------------------------------------------
def test_a_new_device_gets_its_types_bays():
    device_type = f.parent_device_type()
    f.DeviceBayTemplateFactory(device_type=device_type, name="Blade 1")
    f.ModuleBayTemplateFactory(device_type=device_type, name="Slot 1", position="1")
    device = f.DeviceFactory(device_type=device_type)
    assert list(device.devicebays.values_list("name", flat=True)) == ["Blade 1"]
    assert list(device.modulebays.values_list("name", "position")) == [("Slot 1", "1")]
    assert list(device_type.devicebaytemplates.all()) == list(device_type.device_bay_templates.all())
    assert list(device_type.modulebaytemplates.all()) == list(device_type.module_bay_templates.all())
    assert DeviceBayTemplate.objects.count() == ModuleBayTemplate.objects.count() == 1
    assert ModuleBay.objects.get().device == device


def test_a_module_bay_reads_its_device_as_nautobot_2x_parent_device():
    bay = ModuleBay(parent_device=f.DeviceFactory(), name="Slot 9")
    bay.validated_save()
    assert bay.parent_device == bay.device


def test_listing_ports_of_modules_costs_the_same_for_more_rows(admin_api):
    def listed() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = admin_api.get(reverse("dcim-api:interface-list"), {"limit": 0})
        assert all(item["module"] for item in response.json()["results"])
        return len(queries.captured_queries)

    for _ in range(2):
        module = f.ModuleFactory()
        f.InterfaceFactory(device=module.device, module=module)
    listed()  # the first request also stamps the token's last use
    few = listed()
    for _ in range(6):
        module = f.ModuleFactory()
        f.InterfaceFactory(device=module.device, module=module)
    assert listed() == few
