"""Why a run request is refused: the typed errors of submit_job(), mapped by each adapter to its answer.

They live apart from extras/engine/services.py so that the modules submit_job() builds on (schedule requests)
can raise them without importing the service itself.
"""

from __future__ import annotations


class SubmissionError(Exception):
    """Base of the reasons a run is refused; `field` names the offending input when there is one."""

    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field or self.field


class JobNotEnabled(SubmissionError):
    pass


class JobNotInstalled(SubmissionError):
    pass


class JobIsSingleton(SubmissionError):
    """A singleton job (Meta.is_singleton) already has a pending or running run."""


class InvalidTaskQueue(SubmissionError):
    field = "task_queue"


class BrokerUnavailable(SubmissionError):
    pass


class NoWorkerAvailable(SubmissionError):
    field = "task_queue"


class SensitiveApprovalConflict(SubmissionError):
    """The job may neither store its input nor run without approval: it cannot run at all."""


class ScheduleError(SubmissionError):
    """A schedule request that cannot be accepted; `errors` maps schedule fields to messages."""

    field = "schedule"

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))
