"""register_jobs(): which classes of a job module or package are jobs (Nautobot 2.x).

The loader imports job code one *unit* at a time (a module or a package of JOBS_ROOT, or a Git repository's
whole `jobs/` package) inside `collecting()`; each register_jobs() call made meanwhile adds to that unit's
list. A unit that registered classes offers exactly those; a unit that never called it offers every job
class its modules define (Nautobot 1.x, NetBox and this platform's own files).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_collecting = threading.local()


@contextmanager
def collecting() -> Iterator[list[type]]:
    """Collect the classes registered while the block imports a unit (nested blocks collect apart)."""
    previous = getattr(_collecting, "registered", None)
    registered: list[type] = []
    _collecting.registered = registered
    try:
        yield registered
    finally:
        _collecting.registered = previous


def register_jobs(*jobs: type) -> None:
    """Make these classes the jobs of the module or package being loaded (Nautobot 2.x's entry point).

    Outside an import by the loader (a test importing the module, a shell) it only checks its arguments.
    """
    from extras.jobs.base import Job

    registered = getattr(_collecting, "registered", None)
    for job in jobs:
        if not (isinstance(job, type) and issubclass(job, Job)):
            raise TypeError(f"register_jobs() takes Job classes, not {job!r}")
        if registered is not None and job not in registered:
            registered.append(job)
