"""Test methods declared out of alphabetical order, with inheritance: they must run as declared."""

from extras.jobs import Job


class BaseChecks(Job):
    class Meta:
        abstract = True

    def test_zulu(self):
        self.log_info("base zulu")

    def test_alpha(self):
        self.log_info("alpha")


class OrderedTestsJob(BaseChecks):
    """Runs test_zulu, test_alpha, test_mike, test_bravo: base class first, then this class, as declared."""

    class Meta:
        name = "Ordered tests"

    def run(self, data, commit):
        self.log_info("run")

    def test_mike(self):
        self.log_info("mike")

    def test_zulu(self):  # overrides the base method: keeps the base method's (first) position
        self.log_info("zulu")

    def test_bravo(self):
        self.log_info("bravo")

    def post_run(self):
        self.log_info("post_run")
