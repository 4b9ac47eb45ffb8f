"""A run's changes: the runner's collaborator that records them, logs them, or captures them for review
(registered with the engine as its change tracker, extras.engine.features).

The runner (extras/engine/runner.py) records the job's methods (`with changes.recording():`) and, inside
their transaction, just before it commits or rolls back, calls `settle(commit)`:

- commit: when the run must reproduce a reviewed dry run (`result.reviewed_result`), its changes are
  compared with that dry run's change set and any difference raises ChangeSetMismatch, so the runner
  rolls everything back; otherwise they are written to the change log, in the same transaction, under
  the run's user and with the result's id as request id.
- dry run: they are kept in memory, and `store_captured()` writes them as the result's DryRunChange rows
  once the transaction is rolled back (so they survive it, and never reach the change log).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError

from extras.changes.comparison import Entry, compare_change_sets
from extras.changes.recording import Change, ChangeContext, ChangeRecorder, recording, write_object_changes
from extras.choices import ChangeContextChoices
from extras.engine.features import ChangeSetMismatch
from extras.models import DryRunChange, JobResult

logger = logging.getLogger(__name__)

WRITE_BATCH = 500


def started_by_hook(result: JobResult) -> bool:
    """Whether a job hook started the run (also once the hook or the change was deleted meanwhile)."""
    source = (result.request_context or {}).get("source")
    return bool(result.job_hook_id or result.object_change_id or source == "job-hook")


class RunChanges:
    """The changes of one run (see the module docstring). `count` ends as the number recorded or captured."""

    def __init__(self, result: JobResult):
        # A worker lives long: content type ids are read again for each run rather than trusted from a
        # cache that a restored or re-created database would have made wrong.
        ContentType.objects.clear_cache()
        self.result = result
        job = result.job_model
        self.context = ChangeContext(
            request_id=result.pk,
            # A job hook's run: its changes are marked so, and fire no hooks (extras/hooks/firing.py).
            source=ChangeContextChoices.CONTEXT_JOB_HOOK
            if started_by_hook(result)
            else ChangeContextChoices.CONTEXT_JOB,
            detail=job.slug if job is not None else result.name,
            user=result.user,
            job_result_id=result.pk,
        )
        self.recorder: ChangeRecorder | None = None
        self.captured: list[Change] | None = None
        self.count: int | None = None

    @contextmanager
    def recording(self) -> Iterator[ChangeRecorder]:
        with recording(self.context) as recorder:
            self.recorder = recorder
            yield recorder

    def settle(self, *, commit: bool) -> None:
        """Inside the job's transaction, after its last method: log (and check) or capture the changes."""
        if commit:
            changes = self.recorder.collect()
            self.check_reviewed(changes)
            written = write_object_changes(changes, self.context)
            self.count = (self.count or 0) + written
            return
        try:
            self.captured = self.recorder.collect()
        except DatabaseError:
            # The job left its transaction unusable (it swallowed a database error): nothing to read.
            logger.warning("Run %s: its change set could not be read before the rollback", self.result.pk)
            self.captured = None

    def settle_post_run(self) -> None:
        """post_run()'s changes, once the run committed: logged (they come after the reviewed part)."""
        written = write_object_changes(self.recorder.collect(), self.context)
        self.count = (self.count or 0) + written

    def discard(self) -> None:
        """The transaction is rolled back without a change set (an error, or post_run of a dry run)."""
        if self.recorder is not None:
            self.recorder.discard()

    def check_reviewed(self, changes: list[Change]) -> None:
        reviewed = self.result.reviewed_result
        if reviewed is None:
            return
        expected = [
            Entry.of(row) for row in DryRunChange.objects.filter(job_result=reviewed).order_by("sequence")
        ]
        actual = [Entry.of(change) for change in changes]
        differences = compare_change_sets(expected, actual, {str(reviewed.pk): str(self.result.pk)})
        if differences:
            raise ChangeSetMismatch(reviewed, differences)

    def store_captured(self) -> None:
        """After the rollback: keep the dry run's change set with its result."""
        if self.captured is None:
            return
        rows = [
            DryRunChange(job_result_id=self.result.pk, sequence=number, **change.row_fields())
            for number, change in enumerate(self.captured, start=1)
        ]
        DryRunChange.objects.bulk_create(rows, batch_size=WRITE_BATCH)
        self.count = len(rows)
        self.captured = None
