"""Read-side queries of the schedule and approval pages: what a user may decide on each request, a
schedule's runs and decisions, and the decisions behind a run, each in a fixed number of queries.

Who may decide what follows extras/schedules/api.py and extras/schedules/approvals.py: approve needs
`change` on the scheduled job and `approve` on its job, deny needs `delete` and `approve`, a dry run
`view` and `run`; nobody approves their own request. These flags only decide which buttons a page
shows: the POST views check again, through extras/schedules/approvals.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from extras.choices import ApprovalDecisionChoices as Decision
from extras.models import ApprovalDecision, Job, JobResult, ScheduledJob
from extras.ui.selectors import InputValue, describe_data
from extras.visibility import servable_schedule_data, visible_values
from users.permissions import permission_name, restrict_as_own_endpoint, restrict_queryset, user_has_perm

# What each decision needs on the scheduled job, and on its job.
DECISION_PERMISSIONS = {
    "approve": ("change", "approve"),
    "deny": ("delete", "approve"),
    "dry_run": ("view", "run"),
}


@dataclass
class ScheduleActions:
    """The decisions a user may take on one request, and why approving is not offered when it is not."""

    can_approve: bool = False
    can_deny: bool = False
    can_dry_run: bool = False
    own_request: bool = False

    @property
    def any(self) -> bool:
        return self.can_approve or self.can_deny or self.can_dry_run or self.own_request


@dataclass
class ApprovalRow:
    schedule: ScheduledJob
    inputs: list[InputValue]
    actions: ScheduleActions
    dry_run: JobResult | None = None  # the request's newest dry run, whose change set can be approved


def latest_dry_runs(schedules: list[ScheduledJob]) -> dict:
    """Schedule id → its newest dry run (the requester's or an approver's), in one query for any number."""
    decisions = (
        ApprovalDecision.objects.filter(
            scheduled_job__in=[schedule.pk for schedule in schedules],
            decision=Decision.DECISION_DRY_RUN,
            job_result__isnull=False,
        )
        .select_related("job_result")
        .order_by("scheduled_job_id", "-decided_at")
    )
    newest = {}
    for decision in decisions:
        newest.setdefault(decision.scheduled_job_id, decision.job_result)
    return newest


def permitted_ids(queryset: QuerySet, user, action: str) -> set:
    """Primary keys among `queryset` that `user` may `action`: one query, none without the permission."""
    if not user_has_perm(user, permission_name(queryset.model, action)):
        return set()
    return set(restrict_queryset(queryset, user, action).values_list("pk", flat=True))


def schedule_actions(user, schedules: list[ScheduledJob]) -> dict:
    """Schedule id → ScheduleActions for requests awaiting approval: a few queries for any number."""
    waiting = [schedule for schedule in schedules if schedule.awaiting_approval]
    if not waiting:
        return {}
    schedule_ids = ScheduledJob.objects.filter(pk__in=[schedule.pk for schedule in waiting])
    job_ids = Job.objects.filter(
        pk__in={schedule.job_model_id for schedule in waiting if schedule.job_model_id}
    )
    allowed = {
        "change": permitted_ids(schedule_ids, user, "change"),
        "delete": permitted_ids(schedule_ids, user, "delete"),
        "view": permitted_ids(schedule_ids, user, "view"),
    }
    on_job = {"approve": permitted_ids(job_ids, user, "approve"), "run": permitted_ids(job_ids, user, "run")}

    def may(decision: str, schedule: ScheduledJob) -> bool:
        on_schedule, job_action = DECISION_PERMISSIONS[decision]
        return schedule.pk in allowed[on_schedule] and schedule.job_model_id in on_job[job_action]

    actions = {}
    for schedule in waiting:
        own = schedule.user_id is not None and schedule.user_id == user.pk
        runnable = schedule.job_model is not None and schedule.job_model.runnable
        actions[schedule.pk] = ScheduleActions(
            can_approve=may("approve", schedule) and not own,
            can_deny=may("deny", schedule),
            can_dry_run=may("dry_run", schedule) and runnable,
            own_request=own,
        )
    return actions


def approval_rows(user, schedules) -> list[ApprovalRow]:
    """The approval queue's rows: each request with its input (labelled, ids not resolved) and actions."""
    schedules = list(schedules)
    actions = schedule_actions(user, schedules)
    # A dry run is shown only to who may view it at its own page.
    dry_runs = visible_values(latest_dry_runs(schedules), user) if schedules else {}
    return [
        ApprovalRow(
            schedule,
            describe_data(schedule.job_model, servable_schedule_data(schedule), user, resolve_objects=False),
            actions.get(schedule.pk, ScheduleActions()),
            dry_runs.get(schedule.pk),
        )
        for schedule in schedules
    ]


def schedule_results(schedule: ScheduledJob, user) -> QuerySet:
    """The runs of a schedule (its occurrences and its dry runs) that the user may view, newest first."""
    if not user_has_perm(user, "extras.view_jobresult"):
        return JobResult.objects.none()
    runs = JobResult.objects.filter(schedule=schedule).select_related("user", "schedule").order_by("-created")
    return restrict_as_own_endpoint(runs, user, "view")


def schedule_decisions(schedule: ScheduledJob) -> list[ApprovalDecision]:
    return list(
        ApprovalDecision.objects.filter(scheduled_job=schedule).select_related("decided_by", "job_result")
    )


def result_decisions(result: JobResult) -> list[ApprovalDecision]:
    """The decisions behind a run: the approval of the schedule it ran from, or the dry run it is.

    A dry run also points at its request (`schedule`) but has no `scheduled_for`: a later approval of
    the request did not approve the dry run, so it is not shown there.
    """
    query = Q(job_result_id=result.pk)
    if result.schedule_id is not None and result.scheduled_for is not None:
        query |= Q(scheduled_job_id=result.schedule_id, decision=Decision.DECISION_APPROVED)
    return list(ApprovalDecision.objects.filter(query).select_related("decided_by", "requested_by"))
