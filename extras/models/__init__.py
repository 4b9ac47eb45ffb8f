"""Models of the jobs engine."""

from extras.models.approvals import ApprovalDecision
from extras.models.changes import DryRunChange, ObjectChange
from extras.models.git import GitRepository
from extras.models.idempotency import IdempotencyRecord
from extras.models.jobs import OVERRIDABLE_FIELDS, Job, JobResult
from extras.models.live import JobLogEntry, RunHeartbeat, WorkerHeartbeat
from extras.models.schedules import ScheduledJob

__all__ = [
    "OVERRIDABLE_FIELDS",
    "ApprovalDecision",
    "DryRunChange",
    "GitRepository",
    "IdempotencyRecord",
    "Job",
    "JobLogEntry",
    "JobResult",
    "ObjectChange",
    "RunHeartbeat",
    "ScheduledJob",
    "WorkerHeartbeat",
]
