"""A location's inventory, offered as a CSV file."""

import csv
import io
from collections import Counter

from nautobot.apps.jobs import BooleanVar, Job, ObjectVar
from nautobot.dcim.models import Location

from .inventory import devices_at

name = "Network lifecycle (Nautobot 2.x jobs)"


class LocationInventory(Job):
    """List every device of a location in a CSV file, and count them by role."""

    location = ObjectVar(model=Location, description="The site, building or floor to list")
    include_children = BooleanVar(default=True, description="Also the locations below it")

    class Meta:
        name = "Location inventory"
        description = "Every device of a location, downloadable as CSV, with a count by role."
        has_sensitive_variables = False

    def run(self, *, location, include_children):
        devices = list(devices_at(location, include_children))
        if not devices:
            self.logger.warning("No devices at %s", location.name, extra={"object": location})
            return {"devices": 0}
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["location", "device", "role", "manufacturer", "model", "status"])
        for device in devices:
            device_type = device.device_type
            writer.writerow(
                [
                    device.location.name,
                    device.name,
                    device.role.name,
                    device_type.manufacturer.name,
                    device_type.model,
                    device.status.name,
                ]
            )
        self.create_file(f"{location.name.lower().replace(' ', '-')}-inventory.csv", buffer.getvalue())
        roles = Counter(device.role.name for device in devices)
        for role, count in sorted(roles.items()):
            self.logger.info("%s: %d", role, count, extra={"object": location, "grouping": "roles"})
        return {"devices": len(devices), "roles": dict(roles)}
