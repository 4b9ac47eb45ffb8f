"""`nautobot.extras.models` for Nautobot 1.x and 2.x job files: Status and Role (inventory models here) and the
jobs' models."""

from __future__ import annotations

from dcim.models import Role, Status
from extras.models import GitRepository, Job, JobLogEntry, JobResult, ScheduledJob

__all__ = ["GitRepository", "Job", "JobLogEntry", "JobResult", "Role", "ScheduledJob", "Status"]
