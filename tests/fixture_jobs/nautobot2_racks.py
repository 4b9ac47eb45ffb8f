"""A rack job written for Nautobot 2.x/3.x, kept exactly as it would run there: it places a device in the first
free units of a rack and reports how full the rack is (UtilizationData)."""

from nautobot.apps.jobs import ChoiceVar, Job, ObjectVar, register_jobs
from nautobot.dcim.choices import DeviceFaceChoices
from nautobot.dcim.models import Device, Rack

name = "Racks (Nautobot 2.x)"


class PlaceDeviceInRack(Job):
    """Mounts a device at the lowest position of a rack where it fits."""

    device = ObjectVar(model=Device)
    rack = ObjectVar(model=Rack)
    face = ChoiceVar(choices=DeviceFaceChoices, default=DeviceFaceChoices.FACE_FRONT)

    class Meta:
        name = "Place a device in the first free units"
        has_sensitive_variables = False

    def run(self, *, device, rack, face):
        device_type = device.device_type
        rack_face = None if device_type.is_full_depth else face
        free = rack.get_available_units(
            u_height=device_type.u_height, rack_face=rack_face, exclude=[device.pk]
        )
        if not free:
            self.fail("No room for %s (%sU) in %s", device.name, device_type.u_height, rack.name)
            return None
        device.rack = rack
        device.position = free[0]
        device.face = face
        device.validated_save()
        self.logger.success("Placed %s at U%s", device.name, device.position, extra={"object": device})
        used, total = rack.get_utilization()
        self.logger.info(
            "%s: %s of %s units used", rack.name, used, total, extra={"object": rack, "grouping": "capacity"}
        )
        return int(device.position)


register_jobs(PlaceDeviceInRack)
