"""Job result pages: the filtered list, one run's page with its log table, and the htmx poll that keeps
a pending or running run's page current without reloading it.

The log table is paginated on the server, so a run with 100,000 lines costs one page of rows, one
count and one grouped count per view. While the run is active the page polls `jobresult_live` every
second: it answers with the summary, the newest lines written since the last poll and a new poller;
once the run has ended it answers with the final log section and no poller.

A reader on the last page follows the tail of the run, however long: each poll sends at most one page
of the newest lines (appended, or replacing the rows when a whole page arrived at once), and the page
keeps only the newest page of rows (`data-keep` on the table body, trimmed by app.js); the older lines
are a page away, through the footer's links, which each poll updates.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View

from core.permissions import user_can, user_has_perm
from core.views import ObjectDeleteView, ObjectListView
from extras.changes.selectors import rolled_back_links
from extras.models import JobResult
from extras.result_files.selectors import files_of
from extras.schedules.selectors import result_decisions
from extras.ui.filters import JobResultListFilterSet
from extras.ui.forms import LogFilterForm
from extras.ui.log_export import log_export_response
from extras.ui.selectors import LogFilter, describe_inputs, level_counts, log_lines, log_summary
from extras.ui.tables import JobResultTable
from extras.visibility import servable_inputs

LOG_PAGE_SIZE = 100


class JobResultListView(ObjectListView):
    """Runs newest first, filtered by job, status, user and day."""

    queryset = JobResult.objects.select_related("job_model", "user", "git_repository")
    table = JobResultTable
    filterset = JobResultListFilterSet
    filter_fields = ("q", "job", "status", "user", "commit", "since", "until")

    def restricted(self, action: str):
        return self.queryset.all().restrict(self.request.user, action)

    def get_extra_context(self) -> dict:
        permitted = user_has_perm(self.request.user, "extras.delete_jobresult")
        return {"bulk_delete_url": reverse("extras:jobresult_bulk_delete") if permitted else None}


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


def log_per_page(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("per_page", LOG_PAGE_SIZE)), 1), settings.MAX_PAGE_SIZE)
    except ValueError:
        return LOG_PAGE_SIZE


def log_page(request: HttpRequest, result: JobResult, log_filter: LogFilter) -> Page:
    """The requested page of lines; without `?page=`, the newest page while the run is active."""
    paginator = Paginator(log_lines(result, log_filter), log_per_page(request))
    number = request.GET.get("page") or (1 if result.is_terminal else "last")
    return paginator.get_page(paginator.num_pages if number == "last" else number)


def link_objects(result: JobResult, lines: list) -> None:
    """Where each line's object links to. While the run is active, nowhere: what it created is not
    committed yet (a dry run's never will be), so a link would be a 404. Once a dry run ended, an object
    it created links to its entry in the run's change set ("Would change")."""
    if not result.is_terminal:
        for line in lines:
            line.absolute_url = None
        return
    links = rolled_back_links(result, [line.absolute_url for line in lines])
    for line in lines:
        line.absolute_url = links.get(line.absolute_url, line.absolute_url)


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
    link_objects(result, lines)
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
        "log_export_query": urlencode(log_filter.as_params()),
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
    """One run: summary, inputs, output, its files, and the log table (live while the run is active)."""

    template_name = "extras/jobresult.html"

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        result = get_result(request, pk)
        context = {
            "object": result,
            "result": result,
            **log_context(request, result),
            "inputs": describe_inputs(result, request.user),
            "files": files_of(result),
            "can_delete": user_can(request.user, "delete", result),
            "rerun_url": rerun_url(request, result),
            "decisions": result_decisions(result),
        }
        return render(request, self.template_name, context)


class JobResultLogExportView(View):
    """The run's log (with the page's filters) as a streamed CSV or plain-text download."""

    def get(self, request: HttpRequest, pk, kind: str) -> HttpResponse:
        result = get_result(request, pk)
        return log_export_response(result, LogFilter.from_params(request.GET), kind)


def rerun_url(request: HttpRequest, result: JobResult) -> str | None:
    job = result.job_model
    if job is None or not user_has_perm(request.user, "extras.run_job"):
        return None
    if servable_inputs(result) is None:
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
                "files": files_of(result),
            }
            context["status_changed"] = request.GET.get("status") != result.status
            return render(request, "extras/inc/jobresult_final.html", context)
        summary = log_summary(result)
        log_filter = LogFilter.from_params(request.GET)
        per_page = log_per_page(request)
        after, shown = _int(request.GET.get("after")), _int(request.GET.get("shown"))
        following = bool(request.GET.get("append"))
        lines, replace = [], False
        if following:
            lines, replace = newest_lines(result, log_filter, after, per_page)
            lines = mark_group_starts(lines, None if replace else request.GET.get("grouping_shown") or None)
            link_objects(result, lines)
        params = request.GET.copy()
        if lines:
            params["after"] = lines[-1].sequence
            params["grouping_shown"] = lines[-1].grouping
            shown = len(lines) if replace else min(shown + len(lines), per_page)
            params["shown"] = shown
        params["status"] = result.status
        total = live_line_count(result, log_filter, summary)
        context = {
            "result": result,
            "summary": summary,
            "counts": level_counts(result, summary),
            "lines": lines,
            "replace": replace,
            "live": True,
            "poll_query": params.urlencode(),
            "status_changed": request.GET.get("status") != result.status,
            "following": following,
            "tail": tail_footer(request, log_filter, per_page, total, shown),
        }
        return render(request, "extras/inc/jobresult_live.html", context)


def newest_lines(result: JobResult, log_filter: LogFilter, after: int, per_page: int) -> tuple[list, bool]:
    """The lines written after sequence `after`, at most the newest `per_page` of them (one indexed query),
    and whether they fill a page: then they replace the rows shown instead of following them."""
    newest = list(log_lines(result, log_filter).filter(sequence__gt=after).order_by("-sequence")[:per_page])
    newest.reverse()
    return newest, len(newest) >= per_page


def live_line_count(result: JobResult, log_filter: LogFilter, summary) -> int:
    """Lines the table pages through: the summary's sum, or one count when the log is filtered."""
    if log_filter.active:
        return log_lines(result, log_filter).count()
    return sum(group.total for group in summary)


class CountOnly:
    """What a Paginator needs to number pages when only the count is known (no rows are read)."""

    def __init__(self, count: int):
        self.total = count

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        return []


def tail_footer(request: HttpRequest, log_filter: LogFilter, per_page: int, total: int, shown: int) -> dict:
    """The footer of a page following the tail: how many lines, and links to the pages before."""
    paginator = Paginator(CountOnly(total), per_page)
    return {
        "page": paginator.page(paginator.num_pages),
        "page_query": urlencode({**log_filter.as_params(), "per_page": per_page}),
        "first_shown": max(total - shown + 1, 1),
        "total": total,
    }


def _int(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0
