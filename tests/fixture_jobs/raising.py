"""Jobs that stop early: one raises an unexpected exception, one aborts cleanly with AbortJob."""

from extras.jobs import AbortJob, Job


class RaisingJob(Job):
    class Meta:
        name = "Raising job"

    def run(self, data, commit):
        self.log_info("About to raise")
        raise RuntimeError("Boom")

    def test_never_reached(self):
        self.log_failure("test_never_reached ran after an exception in run()")

    def post_run(self):
        self.log_info("post_run still ran")


class AbortingJob(Job):
    class Meta:
        name = "Aborting job"

    def run(self, data, commit):
        raise AbortJob("Stopped on purpose")
