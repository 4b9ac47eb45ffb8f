"""Example: provision a new branch site with its access switches."""

from django.utils.text import slugify

from dcim.models import Device, DeviceRole, DeviceType, Manufacturer, Site, Status
from extras.jobs import IntegerVar, Job, ObjectVar, StringVar

name = "Branch provisioning"


class NewBranch(Job):
    class Meta:
        name = "New Branch"
        description = "Provision a new branch site and its access switches; returns a CSV of the new devices."
        field_order = ["site_name", "switch_count", "manufacturer", "switch_model"]
        has_sensitive_variables = False

    site_name = StringVar(description="Name of the new site", max_length=100)
    switch_count = IntegerVar(description="Number of access switches to create", min_value=1, max_value=48)
    manufacturer = ObjectVar(model=Manufacturer, required=False, description="Narrows the switch models")
    switch_model = ObjectVar(
        description="Access switch model",
        model=DeviceType,
        display_field="model",
        query_params={"manufacturer_id": "$manufacturer"},
    )

    def run(self, data, commit):
        planned = Status.objects.get(slug="planned")
        site = Site(name=data["site_name"], slug=slugify(data["site_name"]), status=planned)
        site.validated_save()
        self.log_success(obj=site, message="Created new site")

        role, _ = DeviceRole.objects.get_or_create(name="Access Switch", defaults={"slug": "access-switch"})
        for number in range(1, data["switch_count"] + 1):
            switch = Device(
                name=f"{site.slug}-switch{number}",
                site=site,
                status=planned,
                device_type=data["switch_model"],
                role=role,
            )
            switch.validated_save()
            self.log_success(obj=switch, message="Created new switch")

        rows = ["name,model"]
        for switch in Device.objects.filter(site=site).select_related("device_type").order_by("name"):
            rows.append(f"{switch.name},{switch.device_type.model}")
        return "\n".join(rows)
