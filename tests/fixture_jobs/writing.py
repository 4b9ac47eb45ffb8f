"""A job that writes to the database: creates a manufacturer and one device type for it."""

from django.utils.text import slugify

from dcim.models import DeviceType, Manufacturer
from extras.jobs import Job, StringVar


class CreateManufacturerJob(Job):
    manufacturer_name = StringVar(description="Name of the new manufacturer")
    model_name = StringVar(default="Model 1", required=False)

    class Meta:
        name = "Create manufacturer"
        has_sensitive_variables = False

    def run(self, data, commit):
        manufacturer = Manufacturer(name=data["manufacturer_name"], slug=slugify(data["manufacturer_name"]))
        manufacturer.validated_save()
        self.log_success(obj=manufacturer, message="Created manufacturer")
        if data["model_name"]:
            device_type = DeviceType(
                manufacturer=manufacturer, model=data["model_name"], slug=slugify(data["model_name"])
            )
            device_type.validated_save()
            self.log_success(obj=device_type, message="Created device type")
        return manufacturer.name
