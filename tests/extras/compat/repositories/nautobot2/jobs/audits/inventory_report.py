"""An inventory report, offered as a CSV file to download."""

import csv
import io

from nautobot.apps.jobs import Job, MultiObjectVar
from nautobot.dcim.models import Device, Site


class InventoryReport(Job):
    """One row per device of the chosen sites (all sites when none is chosen)."""

    sites = MultiObjectVar(model=Site, required=False)

    class Meta:
        name = "Inventory report"
        has_sensitive_variables = False

    def run(self, *, sites=None):
        devices = Device.objects.select_related("site", "role", "device_type").order_by("site__name", "name")
        if sites:
            devices = devices.filter(site__in=sites)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["site", "name", "role", "model"])
        for device in devices:
            writer.writerow([device.site.name, device.name, device.role.name, device.device_type.model])
        self.create_file("inventory.csv", buffer.getvalue())
        self.logger.info("Wrote %d devices to inventory.csv", devices.count())
