"""A module script written for NetBox, kept as NetBox runs it: installs a line card in a free bay of a device,
with the ports it brings and an inventory record of it under the device's chassis."""

from dcim.choices import InterfaceTypeChoices, ModuleStatusChoices
from dcim.models import Device, Interface, InventoryItem, Module, ModuleBay, ModuleType
from extras.scripts import *
from utilities.exceptions import AbortScript

name = "Modules (NetBox)"


class InstallLineCard(Script):
    class Meta:
        name = "Install a line card"
        description = "Add a module to an empty module bay, with its interfaces"
        commit_default = False

    device = ObjectVar(model=Device)
    module_bay = ObjectVar(model=ModuleBay, query_params={"device_id": "$device"})
    module_type = ObjectVar(model=ModuleType)
    serial = StringVar(label="Serial number")
    ports = IntegerVar(min_value=1, max_value=48, default=8)

    def run(self, data, commit):
        device, bay = data["device"], data["module_bay"]
        if bay.device != device:
            raise AbortScript(f"{bay} is not a bay of {device}")
        if hasattr(bay, "installed_module"):
            raise AbortScript(f"{bay} already holds {bay.installed_module}")

        module = Module(
            device=device,
            module_bay=bay,
            module_type=data["module_type"],
            serial=data["serial"],
            status=ModuleStatusChoices.STATUS_ACTIVE,
        )
        module.full_clean()
        module.save()
        self.log_success(f"Installed {module.module_type} in {bay.name}", module)

        for index in range(1, data["ports"] + 1):
            interface = Interface(
                device=device,
                module=module,
                name=f"Ethernet{bay.position}/{index}",
                type=InterfaceTypeChoices.TYPE_10GE_SFP_PLUS,
            )
            interface.full_clean()
            interface.save()
        self.log_info(f"Created {data['ports']} interfaces on {device.name}")

        chassis = device.inventoryitems.filter(parent__isnull=True).first()
        item = InventoryItem(
            device=device,
            parent=chassis,
            name=f"Line card {bay.position}",
            manufacturer=module.module_type.manufacturer,
            part_id=module.module_type.part_number,
            serial=module.serial,
        )
        item.full_clean()
        item.save()
        return f"{device.name}: {module.module_type} in {bay.name}, {module.interfaces.count()} ports"
