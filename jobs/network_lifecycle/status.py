"""Move devices to another lifecycle status, dry run first."""

from nautobot.apps.jobs import DryRunVar, Job, MultiObjectVar, ObjectVar
from nautobot.dcim.models import Device, Location
from nautobot.extras.models import Status


class ChangeDeviceStatus(Job):
    """Set the status of the chosen devices of a location (e.g. to Decommissioning before a refresh)."""

    location = ObjectVar(model=Location)
    devices = MultiObjectVar(model=Device, query_params={"location": "$location"})
    status = ObjectVar(model=Status, query_params={"content_types": "dcim.device"})
    dryrun = DryRunVar()

    class Meta:
        name = "Change device status"
        description = "Moves devices to another status; a dry run (the default) only says what would change."
        dryrun_default = True
        has_sensitive_variables = False
        field_order = ["location", "devices", "status", "dryrun"]

    def run(self, *, location, devices, status, dryrun):
        for device in devices:
            if device.location != location and location not in device.location.ancestors():
                self.fail("%s is not at %s", device.name, location.name)
                continue
            if device.status == status:
                self.logger.info("Already %s", status.name, extra={"object": device})
                continue
            if dryrun:
                self.logger.info(
                    "Would go from %s to %s", device.status.name, status.name, extra={"object": device}
                )
                continue
            previous = device.status.name
            device.status = status
            device.validated_save()
            self.logger.success("%s → %s", previous, status.name, extra={"object": device})
