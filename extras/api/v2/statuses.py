"""Result statuses as Nautobot 2.x names them: Celery states, whose value and label are the same word.

pynautobot's run_and_wait() compares `str(status)` (the label) with PENDING/STARTED/..., so labels matter.
"""

from __future__ import annotations

from extras.choices import JobResultStatusChoices as Status

PENDING, STARTED, SUCCESS, FAILURE, REVOKED = "PENDING", "STARTED", "SUCCESS", "FAILURE", "REVOKED"

CELERY_STATES = {
    Status.STATUS_PENDING: PENDING,
    Status.STATUS_RUNNING: STARTED,
    Status.STATUS_COMPLETED: SUCCESS,
    Status.STATUS_FAILED: FAILURE,  # Nautobot's own migration maps failed and errored to FAILURE
    Status.STATUS_ERRORED: FAILURE,
    Status.STATUS_CANCELLED: REVOKED,
}
# States Nautobot 2.x knows that a run here never takes: accepted as filters, matching nothing.
OTHER_STATES = ("RECEIVED", "RETRY", "IGNORED", "REJECTED")
FILTER_CHOICES = [(state, state) for state in (*dict.fromkeys(CELERY_STATES.values()), *OTHER_STATES)]


def celery_state(status: str) -> str:
    return CELERY_STATES.get(status, status.upper())


def choice(status: str) -> dict:
    state = celery_state(status)
    return {"value": state, "label": state}


def statuses_for(states: list[str]) -> list[str]:
    """Our statuses that show as any of `states`."""
    return [ours for ours, state in CELERY_STATES.items() if state in states]
