"""Fixtures for the jobs web pages: logged-in clients and results with log lines."""

from __future__ import annotations

import uuid

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobLogEntry, JobResult
from extras.routers import LIVE_ALIAS


def make_result(
    job: Job, *, user=None, status: str = Status.STATUS_COMPLETED, lines=(), **fields
) -> JobResult:
    """A result of `job` with log `lines`: (grouping, level, message) or dicts of JobLogEntry fields."""
    result = JobResult.objects.create(
        job_model=job, name=job.class_path, user=user, status=status, task_id=uuid.uuid4(), **fields
    )
    entries = []
    for sequence, line in enumerate(lines, start=1):
        values = (
            line
            if isinstance(line, dict)
            else dict(zip(("grouping", "log_level", "message"), line, strict=True))
        )
        entries.append(JobLogEntry(job_result_id=result.pk, sequence=sequence, **values))
    JobLogEntry.objects.using(LIVE_ALIAS).bulk_create(entries, batch_size=2000)
    return result
