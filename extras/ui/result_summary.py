"""What a result's summary says about a run beyond its stored fields: what happened to its database changes.

The runner decides, and its log says it ("Database changes have been reverted ..."); this reads the same
decision back from the result: `commit` as asked, the job being read-only, the status, and
`change_count`, which is set when a commit run's changes reached the change log (and for a dry run, when
its change set was kept) and stays empty when the transaction was rolled back by an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from extras.choices import JobResultStatusChoices as Status
from extras.models import JobResult


@dataclass(frozen=True)
class ChangesOutcome:
    key: str  # committed, dry_run, error, read_only, not_run; pending ones end in "_pending"
    label: str


COMMITTED = ChangesOutcome("committed", "Committed")
DRY_RUN = ChangesOutcome("dry_run", "Rolled back (dry run)")
ERROR = ChangesOutcome("error", "Rolled back (error)")
READ_ONLY = ChangesOutcome("read_only", "Read-only (nothing written)")
NOT_RUN = ChangesOutcome("not_run", "None (the run never started)")
COMMIT_PENDING = ChangesOutcome("committed_pending", "Committed if the run succeeds")
DRY_RUN_PENDING = ChangesOutcome("dry_run_pending", "Dry run: rolled back at the end")
READ_ONLY_PENDING = ChangesOutcome("read_only_pending", "Read-only: rolled back at the end")


def changes_outcome(result: JobResult) -> ChangesOutcome:
    """Committed, rolled back (dry run), rolled back (error), read-only; or what will happen, while active."""
    read_only = bool(result.job_model is not None and result.job_model.read_only)
    if not result.is_terminal:
        if read_only:
            return READ_ONLY_PENDING
        return COMMIT_PENDING if result.commit else DRY_RUN_PENDING
    if result.status == Status.STATUS_CANCELLED:
        return NOT_RUN
    if read_only:
        return READ_ONLY
    if not result.commit:
        return DRY_RUN
    # A completed run committed; so did a failed one (log_failure) whose changes reached the change log.
    # Otherwise (an exception, AbortJob, a change set that differs from the reviewed one) it rolled back.
    if result.status == Status.STATUS_COMPLETED or result.change_count is not None:
        return COMMITTED
    return ERROR
