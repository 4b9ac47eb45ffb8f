"""Jobs that write to the database: a manufacturer and a device type, at once or holding the transaction."""

import time

from django.utils.text import slugify

from dcim.models import DeviceType, Manufacturer
from extras.jobs import IntegerVar, Job, StringVar


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


class WriteAndWaitJob(Job):
    """Creates a manufacturer, then keeps its transaction open for a while (concurrency and outage tests)."""

    manufacturer_name = StringVar()
    seconds = IntegerVar(default=5, min_value=0)

    class Meta:
        name = "Write and wait"
        has_sensitive_variables = False

    def run(self, data, commit):
        manufacturer = Manufacturer(name=data["manufacturer_name"], slug=slugify(data["manufacturer_name"]))
        manufacturer.validated_save()
        self.log_success(obj=manufacturer, message="Created manufacturer; waiting")
        deadline = time.monotonic() + data["seconds"]
        while time.monotonic() < deadline:
            time.sleep(0.1)
        self.log_info("Done waiting")
        return manufacturer.name
