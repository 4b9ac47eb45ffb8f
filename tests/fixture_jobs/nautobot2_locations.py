"""Location and role jobs written for Nautobot 2.x/3.x, kept exactly as they would run there: they know
Location, LocationType and Role, and nothing of sites, regions or device roles."""

from django.contrib.contenttypes.models import ContentType
from nautobot.apps.jobs import Job, ObjectVar, StringVar, register_jobs
from nautobot.dcim.models import Device, DeviceType, Location, LocationType
from nautobot.extras.models import Role, Status

name = "Locations (Nautobot 2.x)"


class AddRack(Job):
    """Adds a room under a location, and a top-of-rack switch there with the "ToR" role."""

    parent = ObjectVar(model=Location, description="The building or floor the room is in")
    room = StringVar(description="Name of the new room")
    device_type = ObjectVar(model=DeviceType)

    class Meta:
        name = "Add a room with its switch"
        has_sensitive_variables = False

    def run(self, *, parent, room, device_type):
        active = Status.objects.get(name="Active")
        room_type, _ = LocationType.objects.get_or_create(
            name="Room", defaults={"parent": parent.location_type}
        )
        room_type.content_types.add(ContentType.objects.get_for_model(Device))
        location = Location(name=room, location_type=room_type, parent=parent, status=active)
        location.validated_save()
        self.logger.info("Created room %s", location.name, extra={"object": location})

        role, created = Role.objects.get_or_create(name="ToR", defaults={"color": "ff9800"})
        if created:
            role.content_types.add(ContentType.objects.get_for_model(Device))
        device = Device(
            name=f"{room.lower()}-tor-1", location=location, role=role, device_type=device_type, status=active
        )
        device.validated_save()
        self.logger.success("Placed %s", device.name, extra={"object": device, "grouping": "devices"})
        return device.name


class AuditLocations(Job):
    """Counts the devices at each location of a type (and the locations below it)."""

    location_type = ObjectVar(model=LocationType)

    class Meta:
        name = "Audit devices per location"
        has_sensitive_variables = False

    def run(self, *, location_type):
        for location in Location.objects.filter(location_type=location_type).order_by("name"):
            here = Device.objects.filter(location__in=location.descendants(include_self=True))
            roles = sorted({device.role.name for device in here})
            self.logger.info(
                "%s: %d device(s), roles %s",
                location.name,
                here.count(),
                ", ".join(roles) or "none",
                extra={"object": location, "grouping": "audit"},
            )
        self.logger.info("%d at Paris", Device.objects.filter(location__name="Paris").count())


register_jobs(AddRack, AuditLocations)
