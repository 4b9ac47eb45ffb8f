"""Example in Nautobot 1.x's dialect: a report-style job whose test methods audit device records.

Written as a Nautobot 1.x user writes it (nautobot.extras.jobs, `log_*(obj=, message=)`, test_* methods);
it runs here as it is. Read-only: it only reports.
"""

from nautobot.dcim.models import Device
from nautobot.extras.jobs import Job, StringVar

name = "Data quality (Nautobot 1.x job)"


class DeviceDataQuality(Job):
    class Meta:
        name = "Device data quality"
        description = "Every active device has a serial number, a platform and a name that follows the rule."
        read_only = True
        has_sensitive_variables = False

    name_prefix = StringVar(required=False, description="Names must start with this (empty: any name)")

    def run(self, data, commit):
        self.prefix = data.get("name_prefix") or ""
        self.devices = (
            Device.objects.filter(status__slug="active").select_related("platform").order_by("name")
        )

    def test_serial_numbers(self):
        for device in self.devices:
            if device.serial:
                self.log_success(obj=device, message="Serial number recorded")
            else:
                self.log_failure(obj=device, message="No serial number")

    def test_platforms(self):
        for device in self.devices:
            if device.platform is None:
                self.log_warning(obj=device, message="No platform: config backups cannot pick a driver")

    def test_names(self):
        for device in self.devices:
            if not device.name.startswith(self.prefix):
                self.log_failure(obj=device, message=f"Name does not start with {self.prefix!r}")
