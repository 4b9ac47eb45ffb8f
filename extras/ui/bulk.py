"""Bulk actions of the jobs UI: enable or disable several jobs, delete several results. Each acts only
on the selected objects the user may change (or delete); the views ask for a confirmation first."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from core.bulk import selected_ids
from core.permissions import user_has_perm
from extras.models import Job, JobResult


def jobs_to_switch(user, ids: list[uuid.UUID], enabled: bool) -> QuerySet:
    """The selected jobs the user may change whose state would change."""
    return Job.objects.restrict(user, "change").filter(pk__in=ids).exclude(enabled=enabled).order_by("name")


def set_jobs_enabled(user, ids: list[uuid.UUID], enabled: bool) -> int:
    """Enable (or disable) the selected jobs the user may change; returns how many changed."""
    with transaction.atomic():
        jobs = list(jobs_to_switch(user, ids, enabled).select_for_update())
        for job in jobs:
            job.enabled = enabled
            job.save(update_fields=["enabled"])  # one save per job: its change is recorded like an edit
    return len(jobs)


def results_to_delete(user, ids: list[uuid.UUID]) -> QuerySet:
    return JobResult.objects.restrict(user, "delete").filter(pk__in=ids).select_related("job_model")


def delete_results(user, ids: list[uuid.UUID]) -> int:
    """Delete the selected results the user may delete, with their log lines and files (extras/signals.py)."""
    with transaction.atomic():
        results = list(results_to_delete(user, ids))
        for result in results:
            result.delete()
    return len(results)


class BulkActionView(View):
    """POST with `pk` values: without `confirm`, a page listing what will happen; with it, do it."""

    permission = ""
    list_url_name = ""

    def objects(self, request: HttpRequest, ids) -> QuerySet:
        """The selected objects the user may act on (each action says which)."""
        raise NotImplementedError(f"{type(self).__name__} must say which objects it acts on")

    def perform(self, request: HttpRequest, ids) -> str:
        """Do the action; returns the message shown afterwards."""
        raise NotImplementedError(f"{type(self).__name__} must say what it does")

    def describe(self, request: HttpRequest, count: int) -> dict:
        """The confirmation page's wording for `count` objects."""
        raise NotImplementedError(f"{type(self).__name__} must describe its confirmation page")

    def post(self, request: HttpRequest) -> HttpResponse:
        list_url = reverse(self.list_url_name)
        if not user_has_perm(request.user, self.permission):  # as core.bulk's views: a 403, not a redirect
            raise PermissionDenied(f"You may not do that: it needs the {self.permission} permission.")
        ids = selected_ids(request.POST.getlist("pk"))
        if request.POST.get("confirm"):
            messages.success(request, self.perform(request, ids))
            return HttpResponseRedirect(list_url)
        objects = list(self.objects(request, ids))
        if not objects:
            messages.info(request, "Nothing selected to change: pick rows with their check boxes first.")
            return HttpResponseRedirect(list_url)
        context = {
            **self.describe(request, len(objects)),
            "objects": objects,
            "action_url": request.path,
            "params": [
                (key, value)
                for key, value in request.POST.items()
                if key not in ("pk", "csrfmiddlewaretoken")
            ],
            "return_url": list_url,
        }
        return render(request, "generic/bulk_confirm.html", context)


class JobBulkEnableView(BulkActionView):
    """Enable or disable the selected jobs (`enabled=true|false`)."""

    permission = "extras.change_job"
    list_url_name = "extras:job_list"

    def enabled(self, request: HttpRequest) -> bool:
        return request.POST.get("enabled") == "true"

    def objects(self, request: HttpRequest, ids) -> QuerySet:
        return jobs_to_switch(request.user, ids, self.enabled(request))

    def perform(self, request: HttpRequest, ids) -> str:
        count = set_jobs_enabled(request.user, ids, self.enabled(request))
        return f"{'Enabled' if self.enabled(request) else 'Disabled'} {count} job{'s' if count != 1 else ''}."

    def describe(self, request: HttpRequest, count: int) -> dict:
        verb = "Enable" if self.enabled(request) else "Disable"
        effect = (
            "They can then be run by users allowed to run them."
            if self.enabled(request)
            else "They cannot be run until enabled again; their schedules stay but do not run them."
        )
        return {
            "title": f"{verb} {count} job{'s' if count != 1 else ''}?",
            "effect": effect,
            "button": verb,
            "danger": False,
        }


class JobResultBulkDeleteView(BulkActionView):
    """Delete the selected results and their log lines."""

    permission = "extras.delete_jobresult"
    list_url_name = "extras:jobresult_list"

    def objects(self, request: HttpRequest, ids) -> QuerySet:
        return results_to_delete(request.user, ids)

    def perform(self, request: HttpRequest, ids) -> str:
        count = delete_results(request.user, ids)
        return f"Deleted {count} job result{'s' if count != 1 else ''}."

    def describe(self, request: HttpRequest, count: int) -> dict:
        return {
            "title": f"Delete {count} job result{'s' if count != 1 else ''}?",
            "effect": "Their log lines are deleted with them. This cannot be undone.",
            "button": "Delete",
            "danger": True,
        }
