"""A report written for NetBox: test methods that check devices, run without changing anything."""

from dcim.choices import DeviceStatusChoices
from dcim.models import ConsolePort, Device, PowerPort
from extras.reports import Report


class DeviceConnectionsCheck(Report):
    description = "Validate the minimum physical connections for each device"
    job_timeout = 300

    def test_console_connection(self):
        # Check that every console port for every active device has a connection defined.
        active = DeviceStatusChoices.STATUS_ACTIVE
        for console_port in ConsolePort.objects.prefetch_related("device").filter(device__status=active):
            if not console_port.connected_endpoint:
                self.log_failure(
                    console_port.device,
                    f"No console connection defined for {console_port.name}",
                )
            elif not console_port.connection_status:
                self.log_warning(
                    console_port.device,
                    f"Console connection for {console_port.name} marked as planned",
                )
            else:
                self.log_success(console_port.device)

    def test_power_connections(self):
        # Check that every active device has at least two connected power supplies.
        for device in Device.objects.filter(status=DeviceStatusChoices.STATUS_ACTIVE):
            connected_ports = 0
            for power_port in PowerPort.objects.filter(device=device):
                if power_port.connected_endpoint:
                    connected_ports += 1
                    if not power_port.connection_status:
                        self.log_warning(device, f"Power connection for {power_port.name} marked as planned")
            if connected_ports < 2:
                self.log_failure(device, f"{connected_ports} connected power supplies found (2 needed)")
            else:
                self.log_success(device)
