"""Scheduled job pages: the list, one schedule's page (its input, runs and decisions), pause/resume,
delete, and the run form's preview of a schedule's next run times.

Schedules are created by running a job with a schedule (extras.engine.services.submit_job); these pages
read them and change only what extras.schedules.scheduling allows (set_schedule_enabled).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views import View

from core.tables import Column
from core.views import (
    PER_PAGE_CHOICES,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectPermissionMixin,
    paginate,
    safe_return_url,
)
from extras.models import ScheduledJob
from extras.schedules.filters import ScheduledJobListFilterSet
from extras.schedules.occurrences import zone
from extras.schedules.preview import preview_schedule
from extras.schedules.scheduling import set_schedule_enabled
from extras.schedules.selectors import schedule_actions, schedule_decisions, schedule_results
from extras.schedules.tables import (
    APPROVAL_STATE,
    SCHEDULE_INTERVAL,
    SCHEDULE_JOB,
    SCHEDULE_TIME,
    ScheduledJobTable,
    ScheduleRunTable,
)
from extras.ui.selectors import describe_data
from extras.visibility import servable_schedule_data
from users.permissions import user_has_perm

schedules = ScheduledJob.objects.select_related("job_model", "user", "approved_by_user")

DETAIL_FIELDS = (
    Column("job_model", label="Job", template=SCHEDULE_JOB),
    Column("interval", template=SCHEDULE_INTERVAL),
    Column("crontab"),
    Column("time_zone", label="Time zone"),
    Column("start_time", label="Start", template=SCHEDULE_TIME),
    Column("next_run_at", label="Next run", template=SCHEDULE_TIME),
    Column("last_run_at", label="Last run", template=SCHEDULE_TIME),
    Column("total_run_count", label="Run count"),
    Column("enabled"),
    Column("commit", label="Commit changes"),
    Column("task_queue", label="Task queue"),
    Column("user", label="Requested by"),
    Column("approved_at", label="Approval", template=APPROVAL_STATE),
    Column("approved_at", label="Approved at", template=SCHEDULE_TIME),
    Column("description"),
)
TRUE_VALUES = ("1", "true", "on", "yes")


class ScheduledJobListView(ObjectListView):
    """Every schedule the user may view, with its approval state; filtered by job, type and state."""

    queryset = schedules
    table = ScheduledJobTable
    filterset = ScheduledJobListFilterSet
    filter_fields = ("q", "job", "interval", "enabled", "needs_approval")


class ScheduledJobView(ObjectDetailView):
    """A schedule: when it runs, what it runs with, its runs (paginated) and the decisions taken on it."""

    queryset = schedules
    fields = DETAIL_FIELDS
    template_name = "extras/scheduledjob.html"

    def get_extra_context(self, schedule: ScheduledJob) -> dict:
        user = self.request.user
        runs = paginate(self.request, schedule_results(schedule, user))
        job = schedule.job_model
        return {
            "runs_page": runs,
            "runs_table": ScheduleRunTable(runs.object_list),
            "per_page_choices": PER_PAGE_CHOICES,
            "can_view_results": user_has_perm(user, "extras.view_jobresult"),
            "decisions": schedule_decisions(schedule),
            "inputs": describe_data(job, servable_schedule_data(schedule), user),
            "job_missing": job is None or not job.installed,
            "actions": schedule_actions(user, [schedule]).get(schedule.pk),
        }


class ScheduledJobDeleteView(ObjectDeleteView):
    queryset = ScheduledJob.objects.all()


class ScheduledJobEnableView(ObjectPermissionMixin, View):
    """POST `enabled=true|false`: pause or resume a schedule (needs `change` on it)."""

    queryset = ScheduledJob.objects.all()

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        self.require_permission("change")
        schedule = get_object_or_404(self.restricted("change"), pk=pk)
        enabled = request.POST.get("enabled", "").lower() in TRUE_VALUES
        schedule = set_schedule_enabled(schedule, enabled)
        if not enabled:
            messages.success(request, f"Paused {schedule}: it does not run until it is enabled again.")
        elif schedule.next_run_at is not None:
            when = timezone.localtime(schedule.next_run_at, zone(schedule.time_zone))
            messages.success(request, f"Resumed {schedule}: it runs next at {when:%Y-%m-%d %H:%M %Z}.")
        else:
            messages.success(request, f"Enabled {schedule}; it has no run left to make.")
        return HttpResponseRedirect(safe_return_url(request, schedule.get_absolute_url()))


class SchedulePreviewView(View):
    """The htmx fragment under the run form's schedule fields: the next five run times, or the errors."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "extras/inc/schedule_preview.html", {"preview": preview_schedule(request.GET)})
