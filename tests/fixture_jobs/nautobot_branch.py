"""Branch provisioning and device checks written for Nautobot 1.x, kept exactly as they would run there.

Nothing in this file knows about jobsplatform: the imports, the Status lookups, `device_role=`,
`validated_save()` and the keyword-style logging are Nautobot 1.x's.
"""

from django.utils.text import slugify

from nautobot.dcim.models import ConsolePort, Device, DeviceRole, DeviceType, Manufacturer, PowerPort, Site
from nautobot.extras.jobs import *
from nautobot.extras.models import Status
from nautobot.ipam.models import IPAddress

name = "Branch jobs (Nautobot 1.x)"


class NewBranch(Job):
    class Meta:
        name = "New Branch"
        description = "Provision a new branch site"
        field_order = ["site_name", "switch_count", "switch_model"]

    site_name = StringVar(description="Name of the new site")
    switch_count = IntegerVar(description="Number of access switches to create")
    manufacturer = ObjectVar(model=Manufacturer, required=False)
    switch_model = ObjectVar(
        description="Access switch model",
        model=DeviceType,
        query_params={"manufacturer_id": "$manufacturer"},
    )

    def run(self, data, commit):
        STATUS_PLANNED = Status.objects.get(slug="planned")

        # Create the new site
        site = Site(
            name=data["site_name"],
            slug=slugify(data["site_name"]),
            status=STATUS_PLANNED,
        )
        site.validated_save()
        self.log_success(obj=site, message="Created new site")

        # Create access switches
        switch_role = DeviceRole.objects.get(name="Access Switch")
        for i in range(1, data["switch_count"] + 1):
            switch = Device(
                device_type=data["switch_model"],
                name=f"{site.slug}-switch{i}",
                site=site,
                status=STATUS_PLANNED,
                device_role=switch_role,
            )
            switch.validated_save()
            self.log_success(obj=switch, message="Created new switch")

        # Generate a CSV table of new devices
        output = ["name,make,model"]
        for switch in Device.objects.filter(site=site):
            attrs = [
                switch.name,
                switch.device_type.manufacturer.name,
                switch.device_type.model,
            ]
            output.append(",".join(attrs))

        return "\n".join(output)


class DeviceConnectionsReport(Job):
    description = "Validate the minimum physical connections for each device"

    class Meta:
        read_only = True

    def test_console_connection(self):
        STATUS_ACTIVE = Status.objects.get(slug="active")

        # Check that every console port for every active device has a connection defined.
        for console_port in ConsolePort.objects.prefetch_related("device").filter(
            device__status=STATUS_ACTIVE
        ):
            if console_port.connected_endpoint is None:
                self.log_failure(
                    obj=console_port.device,
                    message="No console connection defined for {}".format(console_port.name),
                )
            elif not console_port.connection_status:
                self.log_warning(
                    obj=console_port.device,
                    message="Console connection for {} marked as planned".format(console_port.name),
                )
            else:
                self.log_success(obj=console_port.device)

    def test_power_connections(self):
        STATUS_ACTIVE = Status.objects.get(slug="active")

        # Check that every active device has at least two connected power supplies.
        for device in Device.objects.filter(status=STATUS_ACTIVE):
            connected_ports = 0
            for power_port in PowerPort.objects.filter(device=device):
                if power_port.connected_endpoint is not None:
                    connected_ports += 1
                    if not power_port.connection_status:
                        self.log_warning(
                            obj=device,
                            message="Power connection for {} marked as planned".format(power_port.name),
                        )
            if connected_ports < 2:
                self.log_failure(
                    obj=device,
                    message="{} connected power supplies found (2 needed)".format(connected_ports),
                )
            else:
                self.log_success(obj=device)


class ReserveAddress(Job):
    class Meta:
        name = "Reserve an address"
        description = "Record an address as reserved, e.g. for a loopback to come"
        has_sensitive_variables = False

    address = IPAddressVar(description="The address, e.g. 192.0.2.10 or 192.0.2.10/32")
    purpose = StringVar(required=False, max_length=100)

    def run(self, data, commit):
        reserved = Status.objects.get_for_model(IPAddress).get(slug="reserved")
        ip = IPAddress(address=f"{data['address']}/32", status=reserved, description=data["purpose"] or "")
        ip.validated_save()
        self.log_success(obj=ip, message=f"Reserved {ip} (commit={commit})")
        return str(ip)
