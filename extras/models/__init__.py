"""Models of the jobs engine, and the extras of every inventory model: tags and custom fields."""

from extras.models.approvals import ApprovalDecision
from extras.models.automation import JobButton, JobHook
from extras.models.changes import DryRunChange, ObjectChange
from extras.models.customfields import CustomField
from extras.models.files import FileProxy
from extras.models.git import GitRepository
from extras.models.idempotency import IdempotencyRecord
from extras.models.jobs import OVERRIDABLE_FIELDS, QUEUE_OVERRIDES, Job
from extras.models.live import JobLogEntry, RunHeartbeat, WorkerHeartbeat
from extras.models.queues import JobQueue, JobQueueAssignment
from extras.models.results import JobResult
from extras.models.schedules import ScheduledJob
from extras.models.tags import Tag, TaggedItem

__all__ = [
    "OVERRIDABLE_FIELDS",
    "QUEUE_OVERRIDES",
    "ApprovalDecision",
    "CustomField",
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
    "Tag",
    "TaggedItem",
    "WorkerHeartbeat",
]
