"""A job reading YAML and JSON files stored next to it."""

from extras.jobs import Job


class DataFileJob(Job):
    class Meta:
        name = "Data file job"

    def run(self, data, commit):
        sites = self.load_yaml("data/sites.yaml")
        limits = self.load_json("data/limits.json")
        for site in sites["sites"]:
            self.log_info(f"Site {site['name']} may hold {limits['max_devices']} devices")
        return len(sites["sites"])
