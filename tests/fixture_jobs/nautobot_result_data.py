"""A Nautobot 1.x job that keeps figures in its JobResult's `data`, as such jobs do."""

from nautobot.dcim.models import Site
from nautobot.extras.jobs import Job


class CountSites(Job):
    class Meta:
        name = "Count sites"
        description = "Store the number of sites with and without a status in the result's data"

    def run(self, data, commit):
        self.job_result.data["sites"] = Site.objects.count()
        self.job_result.data["without_status"] = Site.objects.filter(status__isnull=True).count()
        self.job_result.data["names"] = sorted(Site.objects.values_list("name", flat=True))
        self.log_success(message="Counted {} sites".format(self.job_result.data["sites"]))
