"""NetBox reports (`extras.reports.Report`): test_* methods that check the data, run as a read-only job.

Logging is `log_success/info/warning/failure(obj, message)` as in NetBox reports (and Nautobot jobs);
`description`, `scheduling_enabled` and `job_timeout` may be class attributes, as NetBox reports set them.
The default run() calls `pre_run()`; the runner then runs the test methods and `post_run()`.
"""

from __future__ import annotations

import inspect
from typing import Any

from extras.jobs import Job
from extras.jobs.base import classproperty

__all__ = ["Report"]

CLASS_ATTRIBUTE_OPTIONS = ("scheduling_enabled", "job_timeout")


class Report(Job):
    """Base class of NetBox reports: read-only (any change is rolled back), inputs stored, schedulable."""

    class Meta:
        abstract = True
        read_only = True
        has_sensitive_variables = False

    def __init__(self):
        super().__init__()
        # What NetBox's Report sets up before its tests run; a subclass's __init__ (or setup) may read it.
        self.test_methods = type(self).test_methods()
        self._results = {
            name: {"success": 0, "info": 0, "warning": 0, "failure": 0, "log": []}
            for name in self.test_methods
        }

    @classproperty
    def module(cls) -> str:
        """The module's name as its file names it (`devices`), not the loader's internal import name."""
        return cls.module_name or cls.__module__

    @classproperty
    def full_name(cls) -> str:
        """`<module>.<class>`, NetBox's name of a report (and of its results)."""
        return f"{cls.module}.{cls.__name__}"

    @classproperty
    def name(cls) -> str:
        """The display name: Meta's, else the class name (NetBox reports override it as an attribute)."""
        return cls.get_name()

    @classproperty
    def filename(cls) -> str:
        return inspect.getfile(cls)

    @classproperty
    def source(cls) -> str:
        return inspect.getsource(cls)

    @classmethod
    def meta(cls, attr: str, default: Any = None) -> Any:
        if attr in CLASS_ATTRIBUTE_OPTIONS and hasattr(cls, attr):
            return getattr(cls, attr)
        return super().meta(attr, default)

    def run(self, data: dict, commit: bool) -> Any:
        self.pre_run()

    def pre_run(self) -> None:
        """Called before the test methods."""
