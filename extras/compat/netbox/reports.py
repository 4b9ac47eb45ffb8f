"""NetBox reports (`extras.reports.Report`): test_* methods that check the data, run as a read-only job.

Logging is `log_success/info/warning/failure(obj, message)` as in NetBox reports (and Nautobot jobs);
`description`, `scheduling_enabled` and `job_timeout` may be class attributes, as NetBox reports set them.
The default run() calls `pre_run()`; the runner then runs the test methods and `post_run()`.
"""

from __future__ import annotations

from typing import Any

from extras.jobs import Job

__all__ = ["Report"]

CLASS_ATTRIBUTE_OPTIONS = ("scheduling_enabled", "job_timeout")


class Report(Job):
    """Base class of NetBox reports: read-only (any change is rolled back), inputs stored, schedulable."""

    class Meta:
        abstract = True
        read_only = True
        has_sensitive_variables = False

    @classmethod
    def meta(cls, attr: str, default: Any = None) -> Any:
        if attr in CLASS_ATTRIBUTE_OPTIONS and hasattr(cls, attr):
            return getattr(cls, attr)
        return super().meta(attr, default)

    def run(self, data: dict, commit: bool) -> Any:
        self.pre_run()

    def pre_run(self) -> None:
        """Called before the test methods."""
