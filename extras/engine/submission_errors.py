"""Why a run request is refused: the typed errors of submit_job(). Each is a core Refusal carrying its HTTP
status (the API answers it in one place, core/api/exceptions.py); pages and commands show its message.

They live apart from extras/engine/services.py so that the modules submit_job() builds on (schedule requests)
can raise them without importing the service itself.
"""

from __future__ import annotations

from core.refusals import Refusal, Unavailable


class SubmissionError(Refusal):
    """Base of the reasons a run is refused (400 unless said otherwise); `field` names the offending input."""


class JobNotEnabled(SubmissionError):
    pass


class JobNotInstalled(SubmissionError):
    pass


class JobIsSingleton(SubmissionError):
    """A singleton job (Meta.is_singleton) already has a pending or running run."""

    status_code = 409


class InvalidTaskQueue(SubmissionError):
    field = "task_queue"


class BrokerUnavailable(SubmissionError, Unavailable):
    pass


class NoWorkerAvailable(SubmissionError, Unavailable):
    field = "task_queue"


class SensitiveApprovalConflict(SubmissionError):
    """The job may neither store its input nor run without approval: it cannot run at all."""


class ScheduleError(SubmissionError):
    """A schedule request that cannot be accepted; `errors` maps schedule fields to messages."""

    field = "schedule"

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in errors.items()))

    def field_errors(self) -> dict[str, list[str]]:
        return {f"schedule.{name}": messages for name, messages in self.errors.items()}
