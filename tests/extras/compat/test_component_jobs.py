"""Real-shaped jobs using device components and their templates, unchanged, run through the runner (issue 23):
a Nautobot 2.x audit of devices against their types' templates (tests/fixture_jobs/nautobot2_components.py)
and a NetBox script installing a line card in a module bay (tests/fixture_jobs/netbox_modules.py)."""

from __future__ import annotations

import pytest

from dcim.models import Device, Interface, InventoryItem, Module
from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel_type(inventory):
    """A patch panel type: a 4-position rear trunk, its four front ports and a management interface."""
    device_type = f.DeviceTypeFactory(manufacturer=inventory.manufacturer, model="PP-4")
    trunk = f.RearPortTemplateFactory(device_type=device_type, name="Trunk", type="mpo", positions=4)
    for position in range(1, 5):
        f.FrontPortTemplateFactory(
            device_type=device_type, name=f"Port {position}", rear_port=trunk, rear_port_position=position
        )
    f.InterfaceTemplateFactory(device_type=device_type, name="mgmt0", mgmt_only=True)
    return device_type


def test_the_files_import_without_problems(fixture_jobs):
    modules = {problem.module for problem in loader.problems()}
    assert not modules & {"nautobot2_components", "netbox_modules"}
    assert {"AuditDeviceComponents", "InstallLineCard"} <= set(fixture_jobs)


def test_the_audit_finds_devices_missing_what_their_templates_promise_and_completes_them(
    fixture_jobs, inventory, panel_type
):
    complete = f.DeviceFactory(name="pp-complete", device_type=panel_type, role=inventory.role)
    gappy = f.DeviceFactory(name="pp-gappy", device_type=panel_type, role=inventory.role)
    gappy.frontports.filter(name__in=["Port 2", "Port 3"]).delete()
    gappy.interfaces.all().delete()
    data = {"device_types": [str(panel_type.pk)], "create_missing": False}

    result, lines = run_here(fixture_jobs["AuditDeviceComponents"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    assert ("audit", "success", "All components present") in lines
    assert ("audit", "warning", "Missing: mgmt0, Port 2, Port 3") in lines
    assert ("run", "info", "2 device(s) audited, 1 incomplete") in lines
    assert result.return_value == {"incomplete": 1}
    assert gappy.frontports.count() == 2

    result, lines = run_here(fixture_jobs["AuditDeviceComponents"], {**data, "create_missing": True})

    assert ("audit", "warning", "Created: mgmt0, Port 2, Port 3") in lines, lines
    assert set(gappy.frontports.values_list("name", "rear_port__name", "rear_port_position")) == {
        (f"Port {position}", "Trunk", position) for position in range(1, 5)
    }
    assert gappy.interfaces.get().mgmt_only
    result, lines = run_here(fixture_jobs["AuditDeviceComponents"], {**data, "create_missing": False})
    assert ("run", "info", "2 device(s) audited, 0 incomplete") in lines
    assert complete.frontports.count() == 4


def test_the_netbox_script_installs_a_line_card_with_its_ports_and_inventory_record(fixture_jobs, inventory):
    chassis_type = f.DeviceTypeFactory(manufacturer=inventory.manufacturer, model="DCS-7504")
    f.ModuleBayTemplateFactory(device_type=chassis_type, name="Slot 3", position="3")
    router = f.DeviceFactory(name="core-1", device_type=chassis_type, role=inventory.role)
    f.InventoryItemFactory(device=router, name="Chassis")
    card = f.ModuleTypeFactory(manufacturer=inventory.manufacturer, model="7500R-36Q", part_number="LC-36Q")
    bay = router.module_bays.get()  # made from the type's template
    data = {
        "device": str(router.pk),
        "module_bay": str(bay.pk),
        "module_type": str(card.pk),
        "serial": "JPE42",
        "ports": 4,
    }

    dry, lines = run_here(fixture_jobs["InstallLineCard"], data, commit=False)

    assert dry.status == Status.STATUS_COMPLETED, lines
    assert not Module.objects.exists()

    result, lines = run_here(fixture_jobs["InstallLineCard"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    module = Module.objects.get()
    assert (module.device, module.module_bay, module.serial) == (router, bay, "JPE42")
    assert sorted(module.interfaces.values_list("name", flat=True)) == [f"Ethernet3/{i}" for i in range(1, 5)]
    item = InventoryItem.objects.get(name="Line card 3")
    assert (item.parent.name, item.part_id, item.serial) == ("Chassis", "LC-36Q", "JPE42")
    assert result.output.strip() == "core-1: 7500R-36Q in Slot 3, 4 ports"

    again, lines = run_here(fixture_jobs["InstallLineCard"], data)

    assert again.status == Status.STATUS_FAILED
    assert any("already holds" in message for _, _, message in lines), lines
    assert Interface.objects.filter(device=router).count() == 4
    assert Device.objects.get(pk=router.pk).modules.count() == 1
