"""Firing job hooks: one run per committed change a hook matches, as the user who made the change.

Called by the change log once the transaction that wrote its rows has committed
(extras.changes.recording.on_changes_committed), so a change that was rolled back, or a dry run's
(which never reaches the change log), fires nothing. For each row, each enabled hook whose object types
include the row's, whose action flag is set, and (for an update, when the hook names `fields`) one of
whose fields changed, gets a run of its job through submit_job(), with the change as `object_change`.

- No loops: changes made by a run that a hook started are marked `job-hook` in the change log and fire
  no hooks; the run's first log line says so.
- A run acts for the user who made the change and needs their run permission on the job
  (extras/engine/run_permission.py): a change by a user who may not run it, or by no user, leaves an
  errored result naming the refusal, and the job does not run, as them or as anyone else.
- Nothing is dropped silently: when the run cannot start (its job is disabled or not installed, no worker
  listens on its queue, the input does not fit the job), the hook still leaves an errored result whose
  log names the reason. A broker that refuses the run ends it errored the same way.
"""

from __future__ import annotations

import logging

from django.db import transaction

from extras.changes.recording import ChangeContext
from extras.choices import ChangeContextChoices
from extras.choices import LogLevelChoices as Level
from extras.choices import ObjectChangeActionChoices as Action
from extras.engine.run_permission import hook_run_refusal
from extras.engine.services import Origin, RunRequest, SubmissionError, record_refused_run, submit_job
from extras.jobs import JobDataError, JobRequest
from extras.models import JobHook, JobResult, ObjectChange

logger = logging.getLogger(__name__)

ACTION_FLAGS = {
    Action.ACTION_CREATE: "type_create",
    Action.ACTION_UPDATE: "type_update",
    Action.ACTION_DELETE: "type_delete",
}
NO_LOOPS = "Changes this run makes do not fire job hooks, so job hooks cannot loop."


def fire_job_hooks(rows: list[ObjectChange], context: ChangeContext) -> list[JobResult | None]:
    """Start the runs the committed change log `rows` call for (see the module docstring)."""
    if context.source == ChangeContextChoices.CONTEXT_JOB_HOOK or not rows:
        return []
    type_ids = {row.changed_object_type_id for row in rows}
    hooks = list(
        JobHook.objects.filter(enabled=True, content_types__in=type_ids)
        .select_related("job")
        .prefetch_related("content_types")
        .distinct()
        .order_by("name")
    )
    started = []
    for row in rows:
        for hook in hooks:
            if matches(hook, row):
                started.append(start_hook_run(hook, row))
    return started


def matches(hook: JobHook, change: ObjectChange) -> bool:
    if not getattr(hook, ACTION_FLAGS[change.action]):
        return False
    if change.changed_object_type_id not in {content_type.pk for content_type in hook.content_types.all()}:
        return False
    if change.action == Action.ACTION_UPDATE and hook.fields:
        before, after = change.prechange_data or {}, change.postchange_data or {}
        return any(before.get(name) != after.get(name) for name in hook.fields)
    return True


def start_hook_run(hook: JobHook, change: ObjectChange) -> JobResult | None:
    """The hook's run for this change: queued, or (when it cannot start) errored with the reason; None when
    its job requires approval (the request then waits in the approval queue)."""
    job = hook.job
    changed = change.changed_object if change.action != Action.ACTION_DELETE else None
    model = change.changed_object_type.model_class()
    subject = changed if changed is not None else (model(pk=change.changed_object_id) if model else None)
    what = f'{change.get_action_display().lower()} {change.object_type_label} "{change.object_repr}"'
    notes = [
        (Level.LOG_INFO, f'Started by the job hook "{hook}" for the change {change.pk} ({what}).', changed),
        (Level.LOG_INFO, NO_LOOPS),
    ]
    origin = Origin(job_hook=hook, object_change=change, subject=subject)
    user = change.user
    refusal = hook_run_refusal(user, job)
    if (
        refusal is not None
    ):  # the run acts for this user only: never as anyone else, never without their right
        return refuse(hook, job, user=user, reason=refusal, notes=notes, origin=origin)
    request = JobRequest(
        user=user, META={"SERVER_NAME": "job_hook"}, id=str(change.request_id), source="job-hook"
    )
    try:
        with transaction.atomic():  # enqueued once committed; a broker that refuses it ends the run errored
            return submit_job(
                RunRequest(
                    job=job,
                    user=user,
                    data={"object_change": str(change.pk)},
                    commit=True,
                    request=request,
                    source="api",
                    notes=notes,
                    origin=origin,
                )
            ).job_result
    except (SubmissionError, JobDataError) as error:
        reason = getattr(error, "message", None) or "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.errors.items()
        )
        return refuse(hook, job, user=user, reason=reason, notes=notes, origin=origin)


def refuse(hook: JobHook, job, *, user, reason: str, notes: list, origin: Origin) -> JobResult:
    """The errored run a hook leaves when its run cannot start, its log naming `reason`."""
    logger.warning("Job hook %s could not start %s: %s", hook, job, reason)
    return record_refused_run(
        job,
        user=user,
        message=f'The job hook "{hook}" could not start the job: {reason}',
        notes=notes[:1],
        origin=origin,
        task_queue=job.allowed_task_queues[0],
    )
