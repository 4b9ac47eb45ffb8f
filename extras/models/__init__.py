"""Models of the jobs engine."""

from extras.models.approvals import ApprovalDecision
from extras.models.automation import JobButton, JobHook
from extras.models.changes import DryRunChange, ObjectChange
from extras.models.files import FileProxy
from extras.models.git import GitRepository
from extras.models.idempotency import IdempotencyRecord
from extras.models.jobs import OVERRIDABLE_FIELDS, QUEUE_OVERRIDES, Job
from extras.models.live import JobLogEntry, RunHeartbeat, WorkerHeartbeat
from extras.models.queues import JobQueue, JobQueueAssignment
from extras.models.results import JobResult
from extras.models.schedules import ScheduledJob

__all__ = [
    "OVERRIDABLE_FIELDS",
    "QUEUE_OVERRIDES",
    "ApprovalDecision",
    "DryRunChange",
    "FileProxy",
    "GitRepository",
    "IdempotencyRecord",
    "Job",
    "JobButton",
    "JobHook",
    "JobLogEntry",
    "JobQueue",
    "JobQueueAssignment",
    "JobResult",
    "ObjectChange",
    "RunHeartbeat",
    "ScheduledJob",
    "WorkerHeartbeat",
]
