"""A NetBox cabling audit as NetBox users write it: choice sets and constants from `dcim.*`, a ChoiceVar fed a
ChoiceSet class, and a report of the physical interfaces that still lack a cable."""

from dcim.choices import InterfaceTypeChoices, LinkStatusChoices
from dcim.constants import NONCONNECTABLE_IFACE_TYPES, VIRTUAL_IFACE_TYPES
from dcim.models import Cable, Interface
from extras.reports import Report
from extras.scripts import ChoiceVar, Script

name = "Cabling audit (NetBox)"


class UncabledInterfaces(Script):
    class Meta:
        name = "Uncabled interfaces"
        description = "List the interfaces that can take a cable but have none"
        commit_default = False

    interface_type = ChoiceVar(choices=InterfaceTypeChoices, required=False, description="Only this type")

    def run(self, data, commit):
        interfaces = Interface.objects.exclude(type__in=NONCONNECTABLE_IFACE_TYPES).filter(cable__isnull=True)
        if data["interface_type"]:
            interfaces = interfaces.filter(type=data["interface_type"])
        for interface in interfaces.order_by("device__name", "name"):
            self.log_warning(
                f"{interface.device.name} {interface.name} ({interface.get_type_display()}) has no cable"
            )
        planned = Cable.objects.filter(status=LinkStatusChoices.STATUS_PLANNED).count()
        self.log_info(f"{planned} planned cable(s)")
        return f"{interfaces.count()} uncabled"


class VirtualInterfacesUncabled(Report):
    description = "A virtual interface never has a cable"

    def test_virtual_interfaces(self):
        for interface in Interface.objects.filter(type__in=VIRTUAL_IFACE_TYPES):
            if interface.cable_id:
                self.log_failure(interface, "virtual interface with a cable")
            else:
                self.log_success(interface)
