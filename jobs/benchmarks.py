"""Jobs the benchmark client drives: a no-op, a chatty logger, an object creator and one that raises."""

from dcim.models import Manufacturer
from extras.jobs import IntegerVar, Job

name = "Benchmarks"


class BenchmarkMeta:
    hidden = True
    has_sensitive_variables = False


class NoOp(Job):
    class Meta(BenchmarkMeta):
        name = "No-op"
        description = "Does nothing; measures the platform's own overhead."

    def run(self, data, commit):
        return None


class LogMany(Job):
    class Meta(BenchmarkMeta):
        name = "Log many"
        description = "Logs `n` info lines."

    n = IntegerVar(default=5000, min_value=0, max_value=1_000_000)

    def run(self, data, commit):
        for number in range(data["n"]):
            self.log_info(message=f"log line {number}")


class CreateObjects(Job):
    class Meta(BenchmarkMeta):
        name = "Create objects"
        description = "Creates `n` manufacturers (rolled back unless committed)."

    n = IntegerVar(default=500, min_value=0, max_value=100_000)

    def run(self, data, commit):
        for number in range(data["n"]):
            Manufacturer(
                name=f"bench-{self.job_result.pk}-{number}",
                slug=f"bench-{str(self.job_result.pk)[:8]}-{number}",
            ).validated_save()
        self.log_success(message=f"Created {data['n']} objects")


class Fails(Job):
    class Meta(BenchmarkMeta):
        name = "Fails"
        description = "Raises an exception."

    def run(self, data, commit):
        raise RuntimeError("raised on purpose")
