"""A rack capacity report written for NetBox, kept as NetBox runs it: racks nearly full, and devices put in a
rack without a unit."""

from dcim.choices import RackStatusChoices
from dcim.models import Device, Rack
from extras.reports import Report

WARN_AT = 50
FAIL_AT = 80


class RackCapacityReport(Report):
    description = "Flag racks that are nearly full and racked devices with no position"

    def test_rack_utilization(self):
        for rack in Rack.objects.filter(status=RackStatusChoices.STATUS_ACTIVE).order_by("name"):
            utilization = rack.get_utilization()
            if utilization >= FAIL_AT:
                self.log_failure(rack, f"{utilization:.0f}% of {rack.u_height}U used")
            elif utilization >= WARN_AT:
                self.log_warning(rack, f"{utilization:.0f}% of {rack.u_height}U used")
            else:
                self.log_success(
                    rack, f"{utilization:.0f}% used, {len(rack.get_available_units())} free positions"
                )

    def test_devices_without_position(self):
        unpositioned = Device.objects.filter(
            rack__isnull=False, position__isnull=True, device_type__u_height__gt=0
        ).select_related("rack")
        for device in unpositioned.order_by("name"):
            self.log_warning(device, f"In rack {device.rack.name} but in no rack unit")
        if not unpositioned.exists():
            self.log_success(None, "Every racked device has a position")
