"""Vendor audits."""

from nautobot.apps.jobs import Job, JSONVar, get_task_logger
from nautobot.dcim.models import Manufacturer

logger = get_task_logger(__name__)


class VendorAudit(Job):
    """Fail the run for every expected vendor missing from the inventory."""

    expected = JSONVar(description='Vendor names, e.g. ["Arista", "Juniper"]')

    class Meta:
        name = "Vendor audit"
        has_sensitive_variables = False

    def run(self, *, expected):
        present = set(Manufacturer.objects.values_list("name", flat=True))
        for vendor in expected:
            if vendor in present:
                logger.info("%s is present", vendor)
            else:
                self.fail("%s is missing", vendor)
