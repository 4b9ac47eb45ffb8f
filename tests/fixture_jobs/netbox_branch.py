"""Branch scripts written for NetBox, kept exactly as NetBox runs them.

NetBox's imports (`extras.scripts`, `dcim.choices`, `ipam.models`, `utilities.exceptions`), status values
as strings, `role=`, `full_clean()`/`save()`, message-first logging, `snapshot()`, `self.output`, Meta
`fieldsets`/`scheduling_enabled`/`job_timeout` and the module's `script_order`.
"""

from django.utils.text import slugify

from dcim.choices import DeviceStatusChoices, SiteStatusChoices
from dcim.models import Device, DeviceRole, DeviceType, Manufacturer, Site
from extras.scripts import *
from ipam.choices import IPAddressStatusChoices
from ipam.models import IPAddress, Prefix
from utilities.exceptions import AbortScript

name = "Branch scripts (NetBox)"


class NewBranchScript(Script):
    class Meta:
        name = "New Branch"
        description = "Provision a new branch site"
        field_order = ["site_name", "switch_count", "switch_model"]

    site_name = StringVar(description="Name of the new site")
    switch_count = IntegerVar(description="Number of access switches to create")
    manufacturer = ObjectVar(model=Manufacturer, required=False)
    switch_model = ObjectVar(
        description="Access switch model",
        model=DeviceType,
        query_params={"manufacturer_id": "$manufacturer"},
    )

    def run(self, data, commit):
        # Create the new site
        site = Site(
            name=data["site_name"],
            slug=slugify(data["site_name"]),
            status=SiteStatusChoices.STATUS_PLANNED,
        )
        site.save()
        self.log_success(f"Created new site: {site}")

        # Create access switches
        switch_role = DeviceRole.objects.get(name="Access Switch")
        for i in range(1, data["switch_count"] + 1):
            switch = Device(
                device_type=data["switch_model"],
                name=f"{site.slug}-switch{i}",
                site=site,
                status=DeviceStatusChoices.STATUS_PLANNED,
                role=switch_role,
            )
            switch.full_clean()
            switch.save()
            self.log_success(f"Created new switch: {switch}", switch)

        # Generate a CSV table of new devices
        output = ["name,make,model"]
        for switch in Device.objects.filter(site=site):
            attrs = [switch.name, switch.device_type.manufacturer.name, switch.device_type.model]
            output.append(",".join(attrs))

        return "\n".join(output)


class PlanAddressing(Script):
    class Meta:
        name = "Plan addressing"
        description = "Reserve the next free addresses of a prefix"
        commit_default = False

    prefix = ObjectVar(model=Prefix, query_params={"status": "active"}, context={"label": "prefix"})
    count = IntegerVar(min_value=1, max_value=16, default=2)
    utilisation_limit = DecimalVar(min_value=0, max_value=100, decimal_places=1, default="90.0")

    def run(self, data, commit):
        prefix = data["prefix"]
        for _ in range(data["count"]):
            address = prefix.get_first_available_ip()
            if address is None:
                raise AbortScript(f"{prefix} is full")
            ip = IPAddress(
                address=str(address), status=IPAddressStatusChoices.STATUS_RESERVED, description="planned"
            )
            ip.full_clean()
            ip.save()
            self.log_success(f"Reserved {ip}", ip)
        usable = prefix.prefix.size - 2
        used = 100 * prefix.get_child_ips().count() / usable
        if used > data["utilisation_limit"]:
            self.log_warning(f"{prefix} is {used:.1f}% used", prefix)
        self.output = f"{prefix}: {used:.1f}% used"


class DecommissionSite(Script):
    class Meta:
        name = "Decommission a site"
        description = "Mark a site and its active devices as decommissioning"
        scheduling_enabled = False
        job_timeout = 120
        fieldsets = (
            ("Site", ("site", "reason")),
            ("When", ("effective",)),
        )

    site = ObjectVar(model=Site)
    reason = StringVar(max_length=200)
    effective = DateVar(required=False)
    notify = BooleanVar(default=False, description="Not shown: the fieldsets leave it out")

    def run(self, data, commit):
        site = data["site"]
        if site.status == SiteStatusChoices.STATUS_DECOMMISSIONING:
            raise AbortScript(f"{site} is already being decommissioned")
        if hasattr(site, "snapshot"):
            site.snapshot()
        site.status = SiteStatusChoices.STATUS_DECOMMISSIONING
        site.full_clean()
        site.save()
        self.log_success(f"Site marked decommissioning: {data['reason']}", site)
        devices = list(Device.objects.filter(site=site, status=DeviceStatusChoices.STATUS_ACTIVE))
        for device in devices:
            device.snapshot()
            device.status = DeviceStatusChoices.STATUS_DECOMMISSIONING
            device.save()
            self.log_info(f"{device.name} is decommissioning", device)
        when = data["effective"].isoformat() if data["effective"] else "now"
        return f"{len(devices)} devices decommissioning from {when} (notify={data['notify']})"


script_order = (NewBranchScript, PlanAddressing, DecommissionSite)
