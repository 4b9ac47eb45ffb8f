"""Give a device its management address: on its management interface, as its primary IPv4, tagged."""

from nautobot.apps.jobs import BooleanVar, DryRunVar, IPAddressWithMaskVar, Job, ObjectVar, StringVar
from nautobot.dcim.models import Device
from nautobot.extras.models import Status, Tag
from nautobot.ipam.models import IPAddress

MANAGEMENT_TAG = "management"


class AssignManagementAddress(Job):
    """Create the address, put it on the device's management interface and make it the primary IPv4."""

    device = ObjectVar(model=Device)
    interface_name = StringVar(default="Management1", description="The interface the address goes on")
    address = IPAddressWithMaskVar(description="With its mask, e.g. 192.0.2.10/24")
    make_primary = BooleanVar(default=True, label="Make it the device's primary IPv4")
    dryrun = DryRunVar()

    class Meta:
        name = "Assign management address"
        description = (
            "Puts a new address on a device's management interface; a dry run only says what it would do."
        )
        dryrun_default = True
        has_sensitive_variables = False
        field_order = ["device", "interface_name", "address", "make_primary", "dryrun"]

    def run(self, *, device, interface_name, address, make_primary, dryrun):
        interface = device.interfaces.filter(name=interface_name).first()
        if interface is None:
            self.fail("%s has no interface %s", device.name, interface_name)
            return
        if interface.ip_addresses.exists():
            self.fail(
                "%s already has %s",
                interface_name,
                interface.ip_addresses.first(),
                extra={"object": interface},
            )
            return
        taken = IPAddress.objects.filter(host=str(address.ip)).first()
        if taken is not None:
            self.fail("%s is already in use", address.ip, extra={"object": taken})
            return
        if make_primary and address.version != 4:
            self.fail("%s is not an IPv4 address: it cannot be the primary IPv4", address)
            return
        if dryrun:
            self.logger.info("Would put %s on %s", address, interface_name, extra={"object": device})
            return

        ip = IPAddress(
            address=str(address),
            status=Status.objects.get(name="Active"),
            dns_name=f"{device.name}.mgmt",
            description=f"Management address of {device.name}",
        )
        ip.validated_save()
        tag, _ = Tag.objects.get_or_create(name=MANAGEMENT_TAG, defaults={"slug": MANAGEMENT_TAG})
        ip.tags.add(tag)
        interface.add_ip_addresses(ip)
        self.logger.success("%s is on %s", ip, interface_name, extra={"object": ip})
        if make_primary:
            device.primary_ip4 = ip
            device.validated_save()
            self.logger.success("%s is the primary IPv4 of %s", ip, device.name, extra={"object": device})
        return str(ip)
