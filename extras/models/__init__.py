"""Models of the jobs engine."""

from extras.models.idempotency import IdempotencyRecord
from extras.models.jobs import OVERRIDABLE_FIELDS, Job, JobResult
from extras.models.live import JobLogEntry, RunHeartbeat, WorkerHeartbeat

__all__ = [
    "OVERRIDABLE_FIELDS",
    "IdempotencyRecord",
    "Job",
    "JobLogEntry",
    "JobResult",
    "RunHeartbeat",
    "WorkerHeartbeat",
]
