"""`nautobot.extras.models` for Nautobot 1.x and 2.x job files: Status and Role (inventory models here), tags and
custom fields, the jobs' models (FileProxy: a run's files) and the change log."""

from __future__ import annotations

from dcim.models import Role, Status
from extras.models import (
    CustomField,
    FileProxy,
    GitRepository,
    Job,
    JobButton,
    JobHook,
    JobLogEntry,
    JobQueue,
    JobResult,
    ObjectChange,
    ScheduledJob,
    Tag,
    TaggedItem,
)

__all__ = [
    "CustomField",
    "FileProxy",
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
    "Tag",
    "TaggedItem",
]
