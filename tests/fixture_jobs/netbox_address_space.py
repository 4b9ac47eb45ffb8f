"""A report written for NetBox: how full each aggregate is, how full the DHCP ranges are, whether loopback
addresses carry the loopback role, and whether every managed device offers ssh; run without changing anything."""

from dcim.models import Device, Interface
from extras.reports import Report
from ipam.choices import IPAddressRoleChoices, ServiceProtocolChoices
from ipam.models import Aggregate, IPRange

FULL = 80  # percent


class AddressSpaceAudit(Report):
    description = "Aggregate and DHCP range utilization, loopback roles, ssh on managed devices"

    def test_aggregate_utilization(self):
        for aggregate in Aggregate.objects.select_related("rir").order_by("prefix_length"):
            utilization = aggregate.get_utilization()
            message = f"{aggregate.prefix} ({aggregate.rir.name}): {utilization}% used"
            if utilization >= FULL:
                self.log_warning(aggregate, message)
            else:
                self.log_info(aggregate, message)

    def test_dhcp_ranges(self):
        for ip_range in IPRange.objects.filter(role__slug="dhcp-pool"):
            self.log_info(
                ip_range,
                f"{ip_range.size} addresses, {ip_range.utilization}% used, next free {ip_range.first_available_ip}",
            )

    def test_loopback_roles(self):
        for interface in Interface.objects.filter(name__istartswith="loopback").order_by("device__name"):
            for ip in interface.ip_addresses.all():
                if ip.role == IPAddressRoleChoices.ROLE_LOOPBACK:
                    self.log_success(ip)
                else:
                    self.log_failure(
                        ip,
                        f"On {interface.device.name} {interface.name}, role is {ip.get_role_display() or 'none'}",
                    )

    def test_ssh_on_managed_devices(self):
        for device in Device.objects.filter(primary_ip4__isnull=False).order_by("name"):
            ssh = device.services.filter(protocol=ServiceProtocolChoices.PROTOCOL_TCP, ports__contains=[22])
            if ssh.exists():
                self.log_success(device)
            else:
                self.log_failure(device, "No ssh service")
