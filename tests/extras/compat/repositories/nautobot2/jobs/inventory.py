"""Device and site jobs."""

from nautobot.apps.jobs import DryRunVar, Job, ObjectVar, StringVar
from nautobot.dcim.models import Device, Site
from nautobot.extras.models import Status

from .naming import is_valid, prefixed

name = "Inventory"


class InventoryJob(Job):
    """Shared settings of this module's jobs (not itself registered)."""

    class Meta:
        has_sensitive_variables = False


class RenameDevices(InventoryJob):
    """Put a prefix before the names of a site's devices."""

    site = ObjectVar(model=Site)
    prefix = StringVar(regex=r"^[a-z0-9-]+$")
    dryrun = DryRunVar()

    class Meta:
        name = "Rename devices"
        dryrun_default = True
        has_sensitive_variables = False
        field_order = ["site", "prefix", "dryrun"]

    def run(self, *, site, prefix, dryrun):
        renamed = 0
        for device in Device.objects.filter(site=site).order_by("name"):
            new_name = prefixed(prefix, device.name)
            if not is_valid(new_name):
                self.logger.warning("%s is not a valid name", new_name, extra={"object": device})
                continue
            if dryrun:
                self.logger.info("Would rename to %s", new_name, extra={"object": device})
                continue
            device.name = new_name
            device.validated_save()
            renamed += 1
            self.logger.info("Renamed to %s", new_name, extra={"object": device, "grouping": "rename"})
        return {"renamed": renamed}


class DecommissionSite(InventoryJob):
    """Mark a site decommissioning: a change that someone else must approve first."""

    site = ObjectVar(model=Site)
    reason = StringVar(required=False)
    dryrun = DryRunVar()

    class Meta:
        name = "Decommission site"
        approval_required = True
        has_sensitive_variables = False

    def run(self, site, reason="", dryrun=False):
        if dryrun:
            self.logger.info("Would decommission %s", site.name, extra={"object": site})
            return
        site.status = Status.objects.get(name="Decommissioning")
        site.validated_save()
        self.logger.warning("Decommissioning: %s", reason or "no reason given", extra={"object": site})
