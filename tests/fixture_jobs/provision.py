"""A job with a dependent object choice (manufacturer → device type) that writes, for the web UI tests."""

from django.utils.text import slugify

from dcim.models import DeviceType, Manufacturer, Site, Status
from extras.jobs import Job, ObjectVar, StringVar

name = "Provisioning"


class ProvisionSiteJob(Job):
    """Creates a site; the device type list follows the chosen manufacturer."""

    site_name = StringVar(description="Name of the new site", max_length=50)
    manufacturer = ObjectVar(model=Manufacturer, display_field="name", description="Narrows the device types")
    device_type = ObjectVar(
        model=DeviceType,
        display_field="model",
        query_params={"manufacturer_id": "$manufacturer"},
        description="Model of the first switch",
    )

    class Meta:
        name = "Provision a site"
        description = "Creates a **site** for a new branch.\n\nA dry run (the default) changes nothing."
        commit_default = False
        has_sensitive_variables = False
        field_order = ["site_name", "manufacturer", "device_type"]

    def run(self, data, commit):
        site = Site(
            name=data["site_name"], slug=slugify(data["site_name"]), status=Status.objects.get(slug="active")
        )
        site.validated_save()
        self.log_success(obj=site, message="Created the site")
        self.log_info(
            obj=data["device_type"], message=f"Its first switch would be a `{data['device_type'].model}`"
        )
        return site.name
