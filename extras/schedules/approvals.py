"""Approving, denying and dry-running run requests of jobs that require approval (CONTRACT A4.3, A5).

The UI and the API call these functions; each decision is recorded as an ApprovalDecision. Nobody
approves their own request, superusers included. Model-level permissions on ScheduledJob (change to
approve, delete to deny, view to dry-run) are checked by the adapters with the object's queryset;
the job-level `approve` and `run` permissions are checked here.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from core.permissions import user_can
from extras.changes.recording import touch
from extras.changes.review import ReviewError, reviewed_dry_run_of
from extras.choices import ApprovalDecisionChoices as Decision
from extras.choices import JobExecutionTypeChoices as Interval
from extras.engine.services import RunRequest, submit_job
from extras.models import ApprovalDecision, JobResult, ScheduledJob
from extras.schedules.scheduling import fire_schedule

NO_APPROVE_PERMISSION = "You do not have permission to approve this request."
NO_DENY_PERMISSION = "You do not have permission to deny this request."
SELF_APPROVAL = "You cannot approve your own job request!"
PAST_START = (
    "The job's start time is in the past. If you want to force a run anyway, add the `force` query parameter."
)
NOT_AWAITING = "This request does not need approval (it was approved already or never needed it)."
NOT_DRY_RUNNABLE = "This job cannot be dry-run at this time."


class ApprovalError(Exception):
    """A decision that is refused; `status` is the HTTP status that says why (403, 400 or 405)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


class ReviewedResultRefused(ApprovalError):
    """The dry run named to approve a request "as reviewed" cannot be (see extras/changes/review.py)."""


def record_decision(schedule: ScheduledJob, user, decision: str, job_result: JobResult | None = None):
    return ApprovalDecision.objects.create(
        scheduled_job=schedule if decision != Decision.DECISION_DENIED else None,
        schedule_name=schedule.name,
        job_model=schedule.job_model,
        requested_by=schedule.user,
        decision=decision,
        decided_by=user,
        job_result=job_result,
    )


def is_past_due(schedule: ScheduledJob, now: datetime) -> bool:
    """A run requested for a given time that has passed (approving it runs it at once, so ask first).

    A run-now request has no such time: approving it is asking for it to run now.
    """
    return (
        schedule.interval == Interval.TYPE_FUTURE
        and schedule.start_time is not None
        and schedule.start_time < now
    )


def approve_scheduled_job(
    schedule: ScheduledJob,
    user,
    *,
    force: bool = False,
    now: datetime | None = None,
    reviewed_result=None,
) -> ScheduledJob:
    """Approve a request; one that is due (a run-now request, say) fires at once.

    With `reviewed_result` (the id of one of the request's completed dry runs) it is approved as
    reviewed: the run commits exactly that dry run's changes, or nothing (extras/changes/review.py).
    A request made from a reviewed dry run ("Commit these changes") carries its own.
    """
    now = now or timezone.now()
    job = schedule.job_model
    if job is None or not user_can(user, "approve", job):
        raise ApprovalError(NO_APPROVE_PERMISSION, 403)
    if schedule.user_id is not None and schedule.user_id == user.pk:
        raise ApprovalError(SELF_APPROVAL, 403)
    if not schedule.awaiting_approval:
        raise ApprovalError(NOT_AWAITING, 400)
    if is_past_due(schedule, now) and not force:
        raise ApprovalError(PAST_START, 400)
    changes = {"approved_by_user": user, "approved_at": now}
    if reviewed_result is not None:
        try:
            changes["reviewed_result"] = reviewed_dry_run_of(schedule, reviewed_result)
        except ReviewError as error:
            raise ReviewedResultRefused(error.message, error.status) from None
    touch(schedule)  # an update() sends no signal: the change log reads the request before it
    approved = ScheduledJob.objects.filter(pk=schedule.pk, approved_at__isnull=True).update(**changes)
    if not approved:  # someone else approved it meanwhile
        raise ApprovalError(NOT_AWAITING, 400)
    schedule.refresh_from_db()
    record_decision(schedule, user, Decision.DECISION_APPROVED)
    fire_schedule(schedule, now)
    schedule.refresh_from_db()
    return schedule


def deny_scheduled_job(schedule: ScheduledJob, user) -> None:
    """Deny a request: it is deleted, the decision kept. The requester may withdraw their own."""
    job = schedule.job_model
    if job is not None and not user_can(user, "approve", job):
        raise ApprovalError(NO_DENY_PERMISSION, 403)
    if not schedule.awaiting_approval:  # an approved schedule is deleted, not denied
        raise ApprovalError(NOT_AWAITING, 400)
    record_decision(schedule, user, Decision.DECISION_DENIED)
    schedule.delete()


def dry_run_scheduled_job(schedule: ScheduledJob, user, *, request=None, source: str = "api") -> JobResult:
    """Run the request's stored input now with commit off, so an approver can see what it would do.

    `request` is the HTTP request of the approver (what the job sees as `self.request`) and `source`
    where it came from ("web" or "api").
    """
    job = schedule.job_model
    if job is None or not job.runnable or job.job_class is None:
        raise ApprovalError(NOT_DRY_RUNNABLE, 405)
    if not user_can(user, "run", job):
        raise ApprovalError("You do not have permission to run this job.", 403)
    # A job with a DryRunVar is told it is a dry run, as Nautobot 2.x's approval dry run tells it.
    dry_run_flags = {name: True for name in job.job_class.dry_run_variables()}
    result = submit_job(
        RunRequest(
            job=job,
            user=user,
            data={**(schedule.data or {}), **dry_run_flags},
            commit=False,
            task_queue=schedule.task_queue or None,
            request=request,
            source=source,
            from_schedule=schedule,
        )
    ).job_result
    record_decision(schedule, user, Decision.DECISION_DRY_RUN, job_result=result)
    return result
