"""Example reports: read-only checks of connections, loopbacks and IP addressing."""

from dcim.choices import InterfaceTypeChoices
from dcim.models import ConsolePort, Device, Interface, PowerPort
from extras.jobs import Job
from ipam.models import IPAddress

name = "Inventory reports"


class DeviceConnectionsReport(Job):
    class Meta:
        name = "Device connections report"
        description = (
            "Validate the minimum physical connections (console, two power feeds) of each active device."
        )
        read_only = True
        has_sensitive_variables = False

    def test_console_connection(self):
        ports = ConsolePort.objects.select_related("device").filter(device__status__slug="active")
        for console_port in ports:
            if console_port.connected_endpoint is None:
                self.log_failure(
                    obj=console_port.device, message=f"No console connection defined for {console_port.name}"
                )
            elif not console_port.connection_status:
                self.log_warning(
                    obj=console_port.device,
                    message=f"Console connection for {console_port.name} marked as planned",
                )
            else:
                self.log_success(obj=console_port.device)

    def test_power_connections(self):
        for device in Device.objects.filter(status__slug="active"):
            connected_ports = 0
            for power_port in PowerPort.objects.filter(device=device):
                if power_port.connected_endpoint is not None:
                    connected_ports += 1
                    if not power_port.connection_status:
                        self.log_warning(
                            obj=device, message=f"Power connection for {power_port.name} marked as planned"
                        )
            if connected_ports < 2:
                self.log_failure(
                    obj=device, message=f"{connected_ports} connected power supplies found (2 needed)"
                )
            else:
                self.log_success(obj=device)


class LoopbackIPReport(Job):
    class Meta:
        name = "Loopback IP report"
        description = "Check that every active router has a loopback interface with an assigned IP address."
        read_only = True
        has_sensitive_variables = False

    def test_loopbacks(self):
        routers = Device.objects.filter(status__slug="active", role__slug="router").order_by("name")
        for device in routers:
            loopbacks = Interface.objects.filter(device=device, type=InterfaceTypeChoices.LOOPBACK)
            if not loopbacks.exists():
                self.log_failure(obj=device, message="No loopback interface")
                continue
            addresses = IPAddress.objects.filter(assigned_interface__in=loopbacks)
            if not addresses.exists():
                self.log_failure(obj=device, message="Loopback interface has no IP address")
            else:
                self.log_success(obj=device, message=f"Loopback address {addresses.first()}")


class IPParentPrefixReport(Job):
    class Meta:
        name = "IP parent prefix report"
        description = "Check that every IP address falls within a known prefix."
        read_only = True
        has_sensitive_variables = False

    def test_parent_prefixes(self):
        orphans = IPAddress.objects.without_parent()
        for address in orphans:
            self.log_failure(obj=address, message=f"{address} has no parent prefix")
        checked = IPAddress.objects.count()
        self.log_info(message=f"Checked {checked} IP addresses; {len(orphans)} without a parent prefix.")
