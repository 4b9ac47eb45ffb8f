"""A NetBox script as NetBox users write it: a new interface on a device gets the next free address of a prefix
(read with `get_first_available_ip()`, then created, inside the script's transaction)."""

from dcim.choices import InterfaceTypeChoices
from dcim.models import Device, Interface
from extras.scripts import ObjectVar, Script, StringVar
from ipam.choices import IPAddressStatusChoices
from ipam.models import IPAddress, Prefix
from utilities.exceptions import AbortScript

name = "Address allocation (NetBox)"


class AllocateInterfaceAddress(Script):
    class Meta:
        name = "Allocate an interface address"
        description = "Create an interface on a device and give it the next free address of a prefix"
        commit_default = True

    device = ObjectVar(model=Device)
    interface_name = StringVar(default="loopback0")
    prefix = ObjectVar(model=Prefix, query_params={"status": "active"})

    def run(self, data, commit):
        device = data["device"]
        prefix = data["prefix"]
        if device.interfaces.filter(name=data["interface_name"]).exists():
            raise AbortScript(f"{device} already has an interface {data['interface_name']}")

        interface = Interface(
            device=device, name=data["interface_name"], type=InterfaceTypeChoices.TYPE_VIRTUAL
        )
        interface.full_clean()
        interface.save()

        address = prefix.get_first_available_ip()
        if address is None:
            raise AbortScript(f"No free address left in {prefix}")
        ip = IPAddress(
            address=address,
            status=IPAddressStatusChoices.STATUS_ACTIVE,
            assigned_object=interface,
            dns_name=f"{interface.name}.{device.name}.example.net".lower(),
            description=f"{device.name} {interface.name}",
        )
        ip.full_clean()
        ip.save()
        self.log_success(f"Assigned {ip} to {device.name} {interface.name}", ip)
        return str(ip)
