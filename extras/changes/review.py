"""Review, then commit exactly that: run a dry run's job again with commit on, bound to its change set.

The commit run gets `reviewed_result` = the dry run; the runner then compares the two change sets before
it commits (extras/changes/runs.py) and rolls back, failed, at the first difference. A job that requires
approval becomes a request carrying the reviewed dry run, and an approver may approve a waiting request
"as reviewed" with one of its dry runs (extras/schedules/approvals.py). The UI, the API and the approval
queue call these functions; refusals are ReviewError with the HTTP status that says why.
"""

from __future__ import annotations

from extras.choices import ApprovalDecisionChoices as Decision
from extras.choices import JobResultStatusChoices as Status
from extras.engine.services import RunRequest, Submission, submit_job
from extras.models import ApprovalDecision, JobResult, ScheduledJob
from users.permissions import user_can

NOT_A_DRY_RUN = "Only a dry run's changes can be reviewed and committed; this run committed its own."
NOT_COMPLETED = "Only a dry run that completed can be committed; this one is {status}."
NO_CHANGE_SET = "This dry run has no stored change set to commit."
NO_INPUTS = (
    "This run's inputs were not stored (the job may have sensitive variables), so it cannot be repeated."
)
NO_JOB = "The job of this run no longer exists or cannot run."
READ_ONLY = "This job is read-only: its changes are never committed."
NO_RUN_PERMISSION = "You do not have permission to run this job."
NOT_THIS_REQUEST = "The reviewed result must be a completed dry run of this request, with its change set."
RECURRING = (
    "Only a request that runs once can be approved as reviewed: a recurring one meets a new world each time."
)


class ReviewError(Exception):
    """A refused commit of reviewed changes; `status` is the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def check_committable(dry_run: JobResult) -> None:
    """Raise ReviewError unless `dry_run` is a finished dry run whose changes can be committed as they are."""
    if dry_run.commit:
        raise ReviewError(NOT_A_DRY_RUN)
    if dry_run.status != Status.STATUS_COMPLETED:
        raise ReviewError(NOT_COMPLETED.format(status=dry_run.get_status_display().lower()))
    if dry_run.change_count is None:
        raise ReviewError(NO_CHANGE_SET)
    job = dry_run.job_model
    if job is None or not job.runnable or job.job_class is None:
        raise ReviewError(NO_JOB, 405)
    if job.read_only:
        raise ReviewError(READ_ONLY)
    if dry_run.job_kwargs is None:
        raise ReviewError(NO_INPUTS)


def commit_reviewed_run(
    dry_run: JobResult, user, *, request=None, source: str = "web", enqueue: bool = True
) -> Submission:
    """Run `dry_run`'s job again with its inputs and commit on, committing exactly its change set.

    Goes through submit_job() like any run: a job that requires approval becomes a request that carries
    the reviewed dry run; `enqueue=False` leaves the run to the caller (a local run). Raises
    ReviewError, or submit_job()'s own errors (no worker, broker down...).
    """
    check_committable(dry_run)
    job = dry_run.job_model
    if not user_can(user, "run", job):
        raise ReviewError(NO_RUN_PERMISSION, 403)
    return submit_job(
        RunRequest(
            job=job,
            user=user,
            data=(dry_run.job_kwargs or {}).get("data") or {},
            commit=True,
            task_queue=dry_run.task_queue or None,
            request=request,
            source=source,
            enqueue=enqueue,
            reviewed_result=dry_run,
        )
    )


def reviewed_dry_run_of(schedule: ScheduledJob, result_id) -> JobResult:
    """The dry run `result_id` of the waiting request `schedule`, checked to be committable as reviewed."""
    if not schedule.one_off:
        raise ReviewError(RECURRING)
    decision = (
        ApprovalDecision.objects.filter(
            scheduled_job=schedule, decision=Decision.DECISION_DRY_RUN, job_result_id=result_id
        )
        .select_related("job_result__job_model")
        .first()
    )
    if decision is None or decision.job_result is None:
        raise ReviewError(NOT_THIS_REQUEST)
    dry_run = decision.job_result
    if dry_run.status != Status.STATUS_COMPLETED or dry_run.change_count is None:
        raise ReviewError(NOT_THIS_REQUEST)
    return dry_run


def latest_dry_run_of(schedule: ScheduledJob) -> JobResult | None:
    """The newest dry run of a request (the requester's or an approver's), finished or not."""
    decision = (
        ApprovalDecision.objects.filter(
            scheduled_job=schedule, decision=Decision.DECISION_DRY_RUN, job_result__isnull=False
        )
        .select_related("job_result")
        .order_by("-decided_at")
        .first()
    )
    return decision.job_result if decision is not None else None
