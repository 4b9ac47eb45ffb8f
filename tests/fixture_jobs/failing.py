"""A job that calls log_failure and keeps going: the run ends `failed`, not errored."""

from extras.jobs import Job


class FailingJob(Job):
    class Meta:
        name = "Failing job"

    def run(self, data, commit):
        self.log_failure(message="Something is wrong")
        self.log_info("Still running after the failure")
        return "Finished anyway"

    def post_run(self):
        self.log_info(f"post_run sees failed={self.failed}")
