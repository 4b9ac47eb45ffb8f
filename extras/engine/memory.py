"""The per-run memory limit: a runaway job ends `errored`, naming the limit, instead of meeting the host's
OOM killer, and its worker process lives on to take the next run.

The limit is `Meta.memory_limit` of the job (MiB), else the server's `JOBS_MEMORY_LIMIT` (MiB; 0: none).
It caps the address space the run may add to its worker process (RLIMIT_AS, set to what the process
already has plus the limit) while the job's own code runs; an allocation beyond it raises MemoryError in
the job, and the limit is lifted again before the rollback and the bookkeeping. It is applied in Celery's
pool processes only: they run one job at a time, whereas the web server's threads share one process.
"""

from __future__ import annotations

import logging
import os
import resource
from contextlib import contextmanager

from django.conf import settings

logger = logging.getLogger(__name__)

MIB = 1024 * 1024


def memory_limit_of(job_class) -> int:
    """The run's limit in MiB (0: none): the job's `Meta.memory_limit`, else the server default."""
    declared = job_class.meta("memory_limit", 0)
    try:
        declared = max(int(declared or 0), 0)
    except (TypeError, ValueError):
        logger.warning("Ignoring Meta.memory_limit %r of %s: not a number of MiB", declared, job_class)
        declared = 0
    return declared or max(settings.JOBS_MEMORY_LIMIT, 0)


def address_space() -> int:
    """The bytes of address space this process has now (/proc/self/statm: its size in pages)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def memory_limit(mib: int):
    """Let the code in the block add at most `mib` MiB of address space to this process; none for 0."""
    if not mib:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = address_space() + mib * MIB
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
