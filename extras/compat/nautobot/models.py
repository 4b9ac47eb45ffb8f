"""`nautobot.extras.models` for Nautobot 1.x and 2.x job files: Status and Role (inventory models here), the jobs'
models and the change log."""

from __future__ import annotations

from dcim.models import Role, Status
from extras.models import (
    GitRepository,
    Job,
    JobButton,
    JobHook,
    JobLogEntry,
    JobQueue,
    JobResult,
    ObjectChange,
    ScheduledJob,
)

__all__ = [
    "GitRepository",
    "Job",
    "JobButton",
    "JobHook",
    "JobLogEntry",
    "JobQueue",
    "JobResult",
    "ObjectChange",
    "Role",
    "ScheduledJob",
    "Status",
]
