"""Building change log entries and dry-run change sets for the tests, without running a job."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from extras.changes.recording import ChangeContext, recording
from extras.choices import JobResultStatusChoices as Status
from extras.models import DryRunChange, Job, JobResult


@contextmanager
def record(user=None, *, source: str = "web", request_id=None, job_result=None):
    """`with record(user):` changes made in the block are written to the change log at its end."""
    context = ChangeContext(
        request_id=request_id or uuid.uuid4(),
        source=source,
        user=user,
        job_result_id=job_result.pk if job_result else None,
    )
    with recording(context) as recorder:
        yield recorder
        recorder.flush()


def dry_run_result(job: Job, user=None, *, data: dict | None = None, changes=(), **fields) -> JobResult:
    """A completed dry run of `job` whose stored change set is `changes`: (model, id, action, before, after)."""
    values = {
        "job_model": job,
        "name": job.class_path,
        "user": user,
        "status": Status.STATUS_COMPLETED,
        "task_id": uuid.uuid4(),
        "commit": False,
        "job_kwargs": {"data": data or {}, "commit": False, "task_queue": "default"},
        "change_count": len(changes),
        "completed": timezone.now(),
    }
    result = JobResult.objects.create(**(values | fields))
    DryRunChange.objects.bulk_create(
        DryRunChange(
            job_result=result,
            sequence=number,
            action=action,
            changed_object_type=ContentType.objects.get_for_model(model),
            changed_object_id=object_id,
            object_repr=(after or before or {}).get("display", "object"),
            prechange_data=before,
            postchange_data=after,
            time=timezone.now(),
        )
        for number, (model, object_id, action, before, after) in enumerate(changes, start=1)
    )
    return result
