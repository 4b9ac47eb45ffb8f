"""The approval queue and its decisions: approve (with a confirmation for a past-due one-off), deny and
dry run, each a CSRF-protected POST.

The decisions are extras/schedules/approvals.py's; like the API (extras/schedules/api.py) these views check
the scheduled job's permission for the action first (change to approve, delete to deny, view to dry
run: 403 without it, 404 for a request outside the user's constraints) and turn a refusal into a
message on the page the user came from.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from core.permissions import restrict_queryset, user_has_perm
from core.views import PER_PAGE_CHOICES, paginate, safe_return_url
from extras.engine.submission_errors import BrokerUnavailable, NoWorkerAvailable
from extras.models import ScheduledJob
from extras.schedules import approvals
from extras.schedules.selectors import approval_rows

QUEUE_URL_NAME = "extras:scheduledjob_approval_queue"


def requests_for(user, action: str):
    """Scheduled jobs the user may `action`; PermissionDenied without that permission at all."""
    if not user_has_perm(user, f"extras.{action}_scheduledjob"):
        raise PermissionDenied(f"You may not {action} scheduled jobs.")
    queryset = ScheduledJob.objects.select_related("job_model", "user", "approved_by_user")
    return restrict_queryset(queryset, user, action)


class ApprovalQueueView(View):
    """Every request waiting for approval that the user may view, oldest start time first."""

    template_name = "extras/scheduledjob_approval_queue.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        waiting = requests_for(request.user, "view").needs_approval().order_by("start_time", "created")
        page = paginate(request, waiting)
        context = {
            "page": page,
            "rows": approval_rows(request.user, page.object_list),
            "per_page_choices": PER_PAGE_CHOICES,
        }
        return render(request, self.template_name, context)


class DecisionView(View, ABC):
    """Base of the three decisions: find the request the user may act on, then decide and redirect."""

    action = "view"

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        schedule = get_object_or_404(requests_for(request.user, self.action), pk=pk)
        try:
            return self.decide(request, schedule)
        except approvals.ApprovalError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(self.return_url(request, schedule))

    @abstractmethod
    def decide(self, request: HttpRequest, schedule: ScheduledJob) -> HttpResponse:
        """Carry out the decision (approve, deny or dry run) and answer."""

    @staticmethod
    def return_url(request: HttpRequest, schedule: ScheduledJob | None = None) -> str:
        return safe_return_url(request, reverse(QUEUE_URL_NAME))


def reviewed_result_of(request: HttpRequest) -> uuid.UUID | None:
    """The dry run an "Approve as reviewed" button names, if any."""
    value = request.POST.get("reviewed_result")
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise approvals.ApprovalError("The reviewed dry run is not a valid id.", 400) from None


class ApproveView(DecisionView):
    """Approve; a request that is due runs at once. A past-due one-off asks for confirmation first."""

    action = "change"

    def decide(self, request: HttpRequest, schedule: ScheduledJob) -> HttpResponse:
        runs_before = schedule.total_run_count
        force = bool(request.POST.get("force"))
        reviewed = reviewed_result_of(request)
        try:
            schedule = approvals.approve_scheduled_job(
                schedule, request.user, force=force, reviewed_result=reviewed
            )
        except approvals.ApprovalError as error:
            if error.message != approvals.PAST_START:
                raise
            context = {
                "schedule": schedule,
                "return_url": self.return_url(request),
                "reviewed_result": reviewed,
            }
            return render(request, "extras/scheduledjob_approval_confirm.html", context)
        if schedule.reviewed_result_id is not None and schedule.total_run_count > runs_before:
            messages.success(
                request,
                f"{schedule.name} was approved as reviewed and will now begin execution: it commits exactly "
                "the reviewed changes, or nothing",
            )
        elif schedule.total_run_count > runs_before:
            messages.success(request, f"{schedule.name} was approved and will now begin execution")
        else:
            messages.success(request, f"{schedule.name} was approved")
        return HttpResponseRedirect(self.return_url(request))


class DenyView(DecisionView):
    """Deny a request (it is deleted, the decision kept). The requester may withdraw their own, once they
    confirm it on a page of its own: nothing else asks before a request is gone."""

    action = "delete"

    def decide(self, request: HttpRequest, schedule: ScheduledJob) -> HttpResponse:
        own = schedule.user_id is not None and schedule.user_id == request.user.pk
        name, page = schedule.name, schedule.get_absolute_url()
        target = self.return_url(request)
        if own and not request.POST.get("confirm"):
            context = {"schedule": schedule, "return_url": target}
            return render(request, "extras/scheduledjob_withdraw_confirm.html", context)
        approvals.deny_scheduled_job(schedule, request.user)
        messages.success(
            request,
            f"Your request {name} was withdrawn: it will not run."
            if own
            else f"Approval of {name} was denied",
        )
        # The request's own page is gone: never go back there.
        return HttpResponseRedirect(reverse(QUEUE_URL_NAME) if target.startswith(page) else target)


class DryRunView(DecisionView):
    """Run the request's stored input now with commit off, and show that run."""

    action = "view"

    def decide(self, request: HttpRequest, schedule: ScheduledJob) -> HttpResponse:
        try:
            result = approvals.dry_run_scheduled_job(schedule, request.user, request=request)
        except (NoWorkerAvailable, BrokerUnavailable) as error:
            messages.error(request, f"{schedule.name} was not dry-run. {error.message}")
            return HttpResponseRedirect(self.return_url(request))
        messages.success(request, f"Dry run of {schedule.name} started (changes are rolled back).")
        return HttpResponseRedirect(result.get_absolute_url())
