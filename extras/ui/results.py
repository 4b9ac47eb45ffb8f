"""Job result pages: the filtered list, one run's page with its log table, and the htmx poll that keeps
a pending or running run's page current without reloading it.

The log table is paginated on the server, so a run with 100,000 lines costs one page of rows, one
count and one grouped count per view. While the run is active the page polls `jobresult_live` every
second: it answers with the summary, the lines written since the last poll (appended when the reader
is on the last page) and a new poller; once the run has ended it answers with the final log section
and no poller.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.views import View

from core.views import ObjectDeleteView, ObjectListView
from extras.changes.selectors import rolled_back_links
from extras.models import JobResult
from extras.schedules.selectors import result_decisions
from extras.ui.filters import JobResultListFilterSet
from extras.ui.forms import LogFilterForm
from extras.ui.selectors import LogFilter, describe_inputs, level_counts, log_lines, log_summary
from extras.ui.tables import JobResultTable
from users.permissions import user_can, user_has_perm

LOG_PAGE_SIZE = 100
LIVE_LINES_PER_POLL = 500
LIVE_LINES_MAX = 2000  # lines a live page appends before it leaves the rest to the following pages


class JobResultListView(ObjectListView):
    """Runs newest first, filtered by job, status, user and day."""

    queryset = JobResult.objects.select_related("job_model", "user", "git_repository")
    table = JobResultTable
    filterset = JobResultListFilterSet
    filter_fields = ("q", "job", "status", "user", "commit", "since", "until")

    def restricted(self, action: str):
        return self.queryset.all().restrict(self.request.user, action)


class JobResultDeleteView(ObjectDeleteView):
    queryset = JobResult.objects.all()

    def restricted(self, action: str):
        return self.queryset.all().restrict(self.request.user, action)


def get_result(request: HttpRequest, pk) -> JobResult:
    if not user_has_perm(request.user, "extras.view_jobresult"):
        raise PermissionDenied("You may not view job results.")
    queryset = JobResult.objects.restrict(request.user, "view").select_related(
        "job_model", "user", "git_repository", "schedule"
    )
    return get_object_or_404(queryset, pk=pk)


def log_page(request: HttpRequest, result: JobResult, log_filter: LogFilter) -> Page:
    """The requested page of lines; without `?page=`, the newest page while the run is active."""
    try:
        per_page = min(max(int(request.GET.get("per_page", LOG_PAGE_SIZE)), 1), settings.MAX_PAGE_SIZE)
    except ValueError:
        per_page = LOG_PAGE_SIZE
    paginator = Paginator(log_lines(result, log_filter), per_page)
    number = request.GET.get("page") or (1 if result.is_terminal else "last")
    return paginator.get_page(paginator.num_pages if number == "last" else number)


def mark_group_starts(lines, previous: str | None = None) -> list:
    """Flag each line that starts a new method's block (run, test_*, post_run), for a heading row."""
    lines = list(lines)
    for line in lines:
        line.starts_group = line.grouping != previous
        previous = line.grouping
    return lines


def log_context(request: HttpRequest, result: JobResult) -> dict:
    """Everything the log section renders: per-method counts, filters, one page of lines, the poller."""
    summary = log_summary(result)
    log_filter = LogFilter.from_params(request.GET)
    page = log_page(request, result, log_filter)
    lines = mark_group_starts(page.object_list)
    if result.is_terminal:
        links = rolled_back_links(result, [line.absolute_url for line in lines])
        for line in lines:  # an object the dry run created is gone: point at its entry in the change set
            line.absolute_url = links.get(line.absolute_url, line.absolute_url)
    query = {**log_filter.as_params(), "per_page": page.paginator.per_page}
    return {
        "summary": summary,
        "counts": level_counts(result, summary),
        "log_filter": log_filter,
        "log_filter_form": LogFilterForm(
            initial=log_filter.as_params(), groupings=[group.grouping for group in summary]
        ),
        "page": page,
        "lines": lines,
        "page_query": urlencode(query),
        "live": not result.is_terminal,
        "poll_query": urlencode(
            {
                **query,
                "page": page.number,
                "after": lines[-1].sequence if lines else 0,
                "grouping_shown": lines[-1].grouping if lines else "",
                "shown": len(lines),
                "append": "1" if not page.has_next() else "",
                "status": result.status,
            }
        ),
    }


class JobResultView(View):
    """One run: summary, inputs, output, and the log table (live while the run is active)."""

    template_name = "extras/jobresult.html"

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        result = get_result(request, pk)
        context = {
            "object": result,
            "result": result,
            **log_context(request, result),
            "inputs": describe_inputs(result, request.user),
            "can_delete": user_can(request.user, "delete", result),
            "rerun_url": rerun_url(request, result),
            "decisions": result_decisions(result),
        }
        return render(request, self.template_name, context)


def rerun_url(request: HttpRequest, result: JobResult) -> str | None:
    job = result.job_model
    if job is None or not user_has_perm(request.user, "extras.run_job"):
        return None
    if result.job_kwargs is None:
        return job.get_absolute_url()
    return f"{job.get_absolute_url()}?{urlencode({'kwargs_from_job_result': result.pk})}"


class JobResultLiveView(View):
    """The htmx poll of an active run's page (see the module docstring)."""

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        result = get_result(request, pk)
        if result.is_terminal:
            # Every line is written before the status turns final, so this render is complete.
            context = {
                "result": result,
                **log_context(request, result),
                "inputs": describe_inputs(result, request.user),
            }
            context["status_changed"] = request.GET.get("status") != result.status
            return render(request, "extras/inc/jobresult_final.html", context)
        summary = log_summary(result)
        log_filter = LogFilter.from_params(request.GET)
        after, shown = _int(request.GET.get("after")), _int(request.GET.get("shown"))
        room = min(LIVE_LINES_PER_POLL, LIVE_LINES_MAX - shown) if request.GET.get("append") else 0
        lines = []
        if room > 0:
            new = log_lines(result, log_filter).filter(sequence__gt=after)[:room]
            lines = mark_group_starts(new, request.GET.get("grouping_shown") or None)
        params = request.GET.copy()
        if lines:
            params["after"] = lines[-1].sequence
            params["grouping_shown"] = lines[-1].grouping
            params["shown"] = shown + len(lines)
        params["status"] = result.status
        context = {
            "result": result,
            "summary": summary,
            "counts": level_counts(result, summary),
            "lines": lines,
            "live": True,
            "poll_query": params.urlencode(),
            "status_changed": request.GET.get("status") != result.status,
            "lines_capped": bool(request.GET.get("append")) and room <= 0,
        }
        return render(request, "extras/inc/jobresult_live.html", context)


def _int(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0
