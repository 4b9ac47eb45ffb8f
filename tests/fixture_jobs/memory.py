"""Jobs that allocate memory: for the per-run memory limit (Meta.memory_limit, JOBS_MEMORY_LIMIT)."""

from extras.jobs import IntegerVar, Job

MIB = 1024 * 1024


class MemoryHogJob(Job):
    """Allocates `mib` MiB one MiB at a time, as a runaway loop would, with a memory limit of its own."""

    mib = IntegerVar(default=256, min_value=0)

    class Meta:
        name = "Memory hog"
        has_sensitive_variables = False
        memory_limit = 64

    def run(self, data, commit):
        self.log_info("Allocating")
        blocks = [bytearray(MIB) for _ in range(data["mib"])]
        return f"allocated {len(blocks)} MiB"


class DefaultLimitHogJob(MemoryHogJob):
    """The same, under the server's default limit (JOBS_MEMORY_LIMIT)."""

    class Meta:
        name = "Memory hog under the default limit"
        memory_limit = 0
