"""Pages of the change log and of a run's changes: the global list, one change with its difference, the
Changelog tab of every object, a run's Changes ("Would change" for a dry run) tab, and "Commit these changes".

Read-only except the commit, which goes through extras/changes/review.py like the API's.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from core.views import PER_PAGE_CHOICES, ObjectListView, ObjectPermissionMixin, paginate
from extras.changes.diff import field_differences
from extras.changes.filters import ObjectChangeListFilterSet
from extras.changes.review import ReviewError, check_committable, commit_reviewed_run
from extras.changes.selectors import (
    VIEW_CHANGELOG,
    changes_of_object,
    object_changes,
    of_viewable_objects,
    visible_run_changes,
)
from extras.changes.tables import ObjectChangeTable
from extras.engine.services import BrokerUnavailable, NoWorkerAvailable, SubmissionError
from extras.jobs import JobDataError, JobRequest
from extras.models import ObjectChange
from extras.schedules.selectors import schedule_actions
from extras.ui.results import get_result
from users.permissions import user_can, user_has_perm


class ObjectChangeListView(ObjectListView):
    """Every change the user may view, newest first, filtered by object type, action, user, day, request."""

    queryset = object_changes(ObjectChange.objects.all())
    table = ObjectChangeTable
    filterset = ObjectChangeListFilterSet
    filter_fields = ("q", "changed_object_type", "action", "user", "since", "until")
    template_name = "extras/objectchange_list.html"

    def restricted(self, action: str):
        return of_viewable_objects(super().restricted(action), self.request.user)

    def get_extra_context(self) -> dict:
        return {"retention_days": settings.CHANGELOG_RETENTION_DAYS}


class ObjectChangeView(ObjectPermissionMixin, View):
    """One change: who, when, which request, and the object's fields before and after, side by side."""

    queryset = object_changes(ObjectChange.objects.all())

    def restricted(self, action: str):
        return of_viewable_objects(super().restricted(action), self.request.user)

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        self.require_permission("view")
        change = get_object_or_404(self.restricted("view"), pk=pk)
        same_request = (
            self.restricted("view")
            .filter(request_id=change.request_id)
            .exclude(pk=change.pk)
            .order_by("time", "pk")[:50]
        )
        context = {
            "object": change,
            "change": change,
            "differences": field_differences(change.prechange_data, change.postchange_data, unchanged=True),
            "same_request": same_request,
        }
        return render(request, "extras/objectchange.html", context)


class ObjectChangelogView(ObjectPermissionMixin, View):
    """The Changelog tab of an object page: the object's changes and those of the objects belonging to it."""

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        self.require_permission("view")
        obj = get_object_or_404(self.restricted("view"), pk=pk)
        may_view = user_has_perm(request.user, VIEW_CHANGELOG)
        page = paginate(request, changes_of_object(obj, request.user)) if may_view else None
        context = {
            **self.model_context(),
            "object": obj,
            "may_view": may_view,
            "page": page,
            "table": ObjectChangeTable(page.object_list) if page is not None else None,
            "per_page_choices": PER_PAGE_CHOICES,
        }
        return render(request, "extras/object_changelog.html", context)


def change_entries(changes) -> list[dict]:
    """Each change of a page with its field differences (changed fields only)."""
    return [
        {"change": change, "differences": field_differences(change.prechange_data, change.postchange_data)}
        for change in changes
    ]


class JobResultChangesView(View):
    """A run's Changes tab: what it committed, or for a dry run what it would have changed, with the
    button that commits exactly those changes."""

    template_name = "extras/jobresult_changes.html"

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        result = get_result(request, pk)
        changes = visible_run_changes(result, request.user)
        may_view = user_has_perm(request.user, VIEW_CHANGELOG)
        page = paginate(request, changes.prefetch_related("changed_object"))
        context = {
            "object": result,
            "result": result,
            "may_view": may_view,
            "page": page,
            "entries": change_entries(page.object_list) if may_view else [],
            "hidden_count": max((result.change_count or 0) - page.paginator.count, 0) if may_view else 0,
            "commit_runs": result.commit_runs.select_related("user").order_by("-created"),
            "per_page_choices": PER_PAGE_CHOICES,
            **commit_offer(request, result),
        }
        return render(request, self.template_name, context)


def commit_offer(request: HttpRequest, result) -> dict:
    """What the page offers for committing a dry run's changes: approving its request as reviewed, or
    running it again bound to this change set, and why not when neither is possible."""
    if result.commit or not result.is_terminal:
        return {}
    try:
        check_committable(result)
    except ReviewError as error:
        return {"commit_refusal": error.message}
    schedule = result.schedule
    if schedule is not None and schedule.awaiting_approval:
        actions = schedule_actions(request.user, [schedule]).get(schedule.pk)
        return {"approve_request": schedule, "can_approve": bool(actions and actions.can_approve)}
    job = result.job_model
    return {"can_commit": user_can(request.user, "run", job)}


class JobResultCommitView(View):
    """POST: run the dry run's job again with commit on, bound to its reviewed change set."""

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        dry_run = get_result(request, pk)
        back = reverse("extras:jobresult_changes", kwargs={"pk": dry_run.pk})
        try:
            submission = commit_reviewed_run(
                dry_run,
                request.user,
                request=JobRequest.from_http_request(request, source="web", include_post=False),
                source="web",
            )
        except ReviewError as error:
            if error.status == 403:
                raise PermissionDenied(error.message) from None
            messages.error(request, error.message)
            return HttpResponseRedirect(back)
        except JobDataError as error:
            details = "; ".join(f"{name}: {' '.join(texts)}" for name, texts in error.errors.items())
            messages.error(request, f"The inputs of this run are no longer valid: {details}")
            return HttpResponseRedirect(back)
        except (NoWorkerAvailable, BrokerUnavailable, SubmissionError) as error:
            messages.error(request, f"The changes were not committed. {error.message}")
            return HttpResponseRedirect(back)
        if submission.schedule is not None:
            messages.success(
                request, "This job requires approval: the reviewed changes wait in the approval queue."
            )
            return HttpResponseRedirect(reverse("extras:scheduledjob_approval_queue"))
        messages.success(
            request, "Committing the reviewed changes: the run commits them only if they are the same."
        )
        return HttpResponseRedirect(submission.job_result.get_absolute_url())
