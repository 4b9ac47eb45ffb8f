"""Web routes of the jobs engine: jobs, their run forms and edit pages, job results, their files and their changes,
scheduled jobs and the approval queue, Git repositories, the change log, job buttons, job hooks and job queues."""

from django.urls import include, path

from core.declarations.pages import declared_urls
from core.routing import build_urls, object_tab_urls
from core.search import register_search
from extras.buttons import urls as button_urls
from extras.changes import views as changes
from extras.hooks import urls as hook_urls
from extras.models import Job, JobResult, ScheduledJob
from extras.object_runs.views import RunOnSelectionView
from extras.queues import urls as queue_urls
from extras.result_files.views import FileProxyDownloadView
from extras.schedules import approval_views as approvals
from extras.schedules import views as schedules
from extras.schedules.filters import ScheduledJobFilterSet
from extras.ui import bulk, jobs, results
from extras.ui.filters import JobFilterSet, JobResultFilterSet

app_name = "extras"

urlpatterns = [
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/bulk-enable/", bulk.JobBulkEnableView.as_view(), name="job_bulk_enable"),
    path("jobs/<uuid:pk>/", jobs.JobView.as_view(), name="job"),
    path("jobs/<uuid:pk>/edit/", jobs.JobEditView.as_view(), name="job_edit"),
    path("job-results/", results.JobResultListView.as_view(), name="jobresult_list"),
    path("job-results/bulk-delete/", bulk.JobResultBulkDeleteView.as_view(), name="jobresult_bulk_delete"),
    path("job-results/<uuid:pk>/", results.JobResultView.as_view(), name="jobresult"),
    path("job-results/<uuid:pk>/live/", results.JobResultLiveView.as_view(), name="jobresult_live"),
    path(
        "job-results/<uuid:pk>/log.csv",
        results.JobResultLogExportView.as_view(),
        {"kind": "csv"},
        name="jobresult_log_csv",
    ),
    path(
        "job-results/<uuid:pk>/log.txt",
        results.JobResultLogExportView.as_view(),
        {"kind": "txt"},
        name="jobresult_log_txt",
    ),
    path("job-results/<uuid:pk>/delete/", results.JobResultDeleteView.as_view(), name="jobresult_delete"),
    path("job-results/files/<uuid:pk>/download/", FileProxyDownloadView.as_view(), name="fileproxy_download"),
    path("job-results/<uuid:pk>/changes/", changes.JobResultChangesView.as_view(), name="jobresult_changes"),
    path("job-results/<uuid:pk>/commit/", changes.JobResultCommitView.as_view(), name="jobresult_commit"),
    path("scheduled-jobs/", schedules.ScheduledJobListView.as_view(), name="scheduledjob_list"),
    path("scheduled-jobs/preview/", schedules.SchedulePreviewView.as_view(), name="scheduledjob_preview"),
    path(
        "scheduled-jobs/approval-queue/",
        approvals.ApprovalQueueView.as_view(),
        name="scheduledjob_approval_queue",
    ),
    path("scheduled-jobs/<uuid:pk>/", schedules.ScheduledJobView.as_view(), name="scheduledjob"),
    path(
        "scheduled-jobs/<uuid:pk>/enabled/",
        schedules.ScheduledJobEnableView.as_view(),
        name="scheduledjob_enable",
    ),
    path(
        "scheduled-jobs/<uuid:pk>/delete/",
        schedules.ScheduledJobDeleteView.as_view(),
        name="scheduledjob_delete",
    ),
    path("scheduled-jobs/<uuid:pk>/approve/", approvals.ApproveView.as_view(), name="scheduledjob_approve"),
    path("scheduled-jobs/<uuid:pk>/deny/", approvals.DenyView.as_view(), name="scheduledjob_deny"),
    path("scheduled-jobs/<uuid:pk>/dry-run/", approvals.DryRunView.as_view(), name="scheduledjob_dry_run"),
    path("git-repositories/", include("extras.git.urls")),
    path("object-changes/", include("extras.changes.urls")),
    path("run-on-selection/", RunOnSelectionView.as_view(), name="run_on_selection"),
    *build_urls([button_urls.ROUTES, hook_urls.ROUTES, queue_urls.ROUTES]),
    *declared_urls("extras"),  # tags and custom fields (extras/inventory/declarations.py)
    *object_tab_urls(Job.objects.all(), "job", "jobs/"),
    *object_tab_urls(ScheduledJob.objects.select_related("job_model"), "scheduledjob", "scheduled-jobs/"),
]

# The global search box finds jobs, their results and schedules (Git repositories: extras/git/urls.py).
register_search(Job.objects.filter(installed=True).order_by("grouping", "name"), JobFilterSet)
register_search(JobResult.objects.select_related("job_model").order_by("-created"), JobResultFilterSet)
register_search(ScheduledJob.objects.select_related("job_model").order_by("name"), ScheduledJobFilterSet)
