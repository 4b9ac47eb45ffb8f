"""A NetBox report whose constructor reads what NetBox's Report sets up before any test runs."""

from extras.reports import Report


class NamedChecks(Report):
    description = "Reads its own names and test methods while it is set up"

    def __init__(self):
        super().__init__()
        self.setup_seen = {
            "full_name": self.full_name,
            "module": self.module,
            "class_name": self.class_name,
            "name": self.name,
            "test_methods": list(self.test_methods),
            "results": sorted(self._results),
            "active_test": self.active_test,
            "failed": self.failed,
        }
        self.logger.info("Set up %s", self.full_name)

    def test_names(self):
        for key, value in self.setup_seen.items():
            self.log_info(None, f"{key}={value}")
        self.log_success(None, "set up")

    def test_second(self):
        self.log_success(None, "second")
