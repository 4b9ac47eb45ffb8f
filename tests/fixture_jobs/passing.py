"""A job that succeeds: logs at every level from run, a test method and post_run, and returns output."""

from extras.jobs import Job

name = "Fixture jobs"


class PassingJob(Job):
    class Meta:
        name = "Passing job"
        description = "Logs a little and **succeeds**."

    def run(self, data, commit):
        self.log_debug("Starting")
        self.log_info(f"Running with commit={commit}")
        self.log_success(message="Run finished")
        return "Nice job!"

    def test_everything_fine(self):
        self.log_success("Everything is fine")

    def post_run(self):
        self.log_info("Cleaning up")
