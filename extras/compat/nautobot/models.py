"""`nautobot.extras.models` for Nautobot 1.x job files: Status (an inventory model here) and the jobs' models."""

from __future__ import annotations

from dcim.models import Status
from extras.models import GitRepository, Job, JobLogEntry, JobResult, ScheduledJob

__all__ = ["GitRepository", "Job", "JobLogEntry", "JobResult", "ScheduledJob", "Status"]
