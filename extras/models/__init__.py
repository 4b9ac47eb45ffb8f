"""Models of the jobs engine."""

from extras.models.jobs import OVERRIDABLE_FIELDS, Job, JobResult
from extras.models.live import JobLogEntry, RunHeartbeat, WorkerHeartbeat

__all__ = ["OVERRIDABLE_FIELDS", "Job", "JobLogEntry", "JobResult", "RunHeartbeat", "WorkerHeartbeat"]
