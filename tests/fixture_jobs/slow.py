"""Jobs that take time or report who runs them: for live-log, time-limit, crash and request tests."""

import time

from extras.jobs import IntegerVar, Job


class SlowJob(Job):
    """Logs a line, then sleeps in small steps, logging as it goes."""

    seconds = IntegerVar(default=2, min_value=0)

    class Meta:
        name = "Slow job"
        has_sensitive_variables = False

    def run(self, data, commit):
        self.log_info("Started sleeping")
        deadline = time.monotonic() + data["seconds"]
        tick, ticks = 0, data["seconds"] * 10
        while time.monotonic() < deadline:
            time.sleep(0.1)
            tick += 1
            self.progress(min(tick, ticks), ticks, f"tick {tick}")
            if tick % 5 == 0:
                self.log_info(f"tick {tick}")
        self.log_success(message="Woke up")
        return "slept"


class WhoAmIJob(Job):
    class Meta:
        name = "Who am I"

    def run(self, data, commit):
        user = self.request.user
        return f"{user.username if user else 'nobody'} via {self.request.source}"
