"""Inventory jobs written for Nautobot 2.x/3.x, kept exactly as they would run there.

Nothing here knows about jobsplatform: `nautobot.apps.jobs`, keyword `run()`, `self.logger` with `extra`,
`DryRunVar`, `self.fail()`, the lifecycle methods, a module-level task logger and `register_jobs()`.
"""

from nautobot.apps.jobs import (
    DryRunVar,
    IntegerVar,
    Job,
    JSONVar,
    ObjectVar,
    StringVar,
    get_task_logger,
    register_jobs,
)
from nautobot.dcim.models import Device, Manufacturer, Site
from nautobot.extras.models import Status

name = "Inventory jobs (Nautobot 2.x)"
logger = get_task_logger(__name__)


def describe(device):
    logger.debug("Looked at %s", device.name)
    return f"{device.name} ({device.status})"


class RenameDevices(Job):
    """Prefix the names of a site's devices; a dry run only says what it would do."""

    site = ObjectVar(model=Site, description="The site whose devices to rename")
    prefix = StringVar(description="Text put before each name")
    dryrun = DryRunVar()

    class Meta:
        name = "Rename devices"
        dryrun_default = True
        has_sensitive_variables = False
        field_order = ["site", "prefix", "dryrun"]

    def run(self, *, site, prefix, dryrun):
        renamed = 0
        for device in Device.objects.filter(site=site).order_by("name"):
            new_name = f"{prefix}{device.name}"
            if dryrun:
                self.logger.info(
                    "Would rename %s to %s", describe(device), new_name, extra={"object": device}
                )
                continue
            device.name = new_name
            device.validated_save()
            renamed += 1
            self.logger.success("Renamed to %s", new_name, extra={"object": device, "grouping": "rename"})
        return f"{renamed} renamed"


class RetireSite(Job):
    """Marks a site decommissioning; it forgets to look at `dryrun`, as real jobs sometimes do."""

    site = ObjectVar(model=Site)
    dryrun = DryRunVar()

    class Meta:
        name = "Decommission site"
        has_sensitive_variables = False

    def run(self, **kwargs):
        site = kwargs["site"]
        site.status = Status.objects.get(slug="decommissioning")
        site.validated_save()
        self.logger.warning("Site set to decommissioning", extra={"object": site, "grouping": "sites"})


class CheckVendors(Job):
    """Checks that the expected vendors exist, failing the run (without stopping) for each one missing."""

    expected = JSONVar(description='A list of vendor names, e.g. ["Arista", "Juniper"]')
    threshold = IntegerVar(default=0, required=False)

    class Meta:
        name = "Check vendors"
        description = "Fails when a vendor of the list is missing"
        has_sensitive_variables = False

    def before_start(self, task_id, args, kwargs):
        self.logger.info("before_start with %s", sorted(kwargs), extra={"grouping": "lifecycle"})

    def run(self, *, expected, threshold):
        for vendor in expected:
            if not Manufacturer.objects.filter(name=vendor).exists():
                self.fail("Vendor %s is missing", vendor)
        return len(expected)

    def test_vendor(self):
        raise AssertionError("2.x jobs have no test_* methods: the runner must not call this helper")

    def on_success(self, retval, task_id, args, kwargs):
        self.logger.info("on_success: %s", retval, extra={"grouping": "lifecycle"})

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        self.logger.info("on_failure: %s", exc, extra={"grouping": "lifecycle"})

    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        self.logger.info("after_return: %s", status, extra={"grouping": "lifecycle"})


class ExclusiveSync(Job):
    class Meta:
        name = "Exclusive sync"
        is_singleton = True
        has_sensitive_variables = False

    def run(self):
        self.logger.info("Synced")


class NotAJob(Job):
    """Defined here but not registered: Nautobot 2.x would not offer it, and neither does this platform."""

    def run(self):
        pass


register_jobs(RenameDevices, RetireSite, CheckVendors, ExclusiveSync)
