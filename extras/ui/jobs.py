"""Job pages: the list grouped by source and module, the generated run form, the metadata edit page.

Runs are requested only through extras.engine.services.submit_job(); this module turns its typed errors
into form errors and messages.
"""

from __future__ import annotations

import itertools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View

from core.exports import csv_lines, csv_response
from core.uuids import is_uuid
from core.views import ObjectEditView
from extras.engine.loading import loader
from extras.engine.progress import typical_duration
from extras.engine.services import RunRequest, Submission, SubmissionError, submit_job
from extras.engine.submission_errors import ScheduleError
from extras.jobs import JobDataError
from extras.jobs.variables import MultiChoiceVar, MultiObjectVar
from extras.models import Job, JobResult, ScheduledJob
from extras.schedules.occurrences import zone
from extras.schedules.preview import preview_schedule
from extras.ui.forms import JobEditForm, JobExecutionForm, restrict_object_choices, show_job_data_errors
from extras.ui.selectors import group_jobs, visible_jobs
from extras.visibility import servable_inputs
from users.permissions import restrict_queryset, user_has_perm

TRUE_VALUES = ("1", "true", "on", "yes")
RECENT_RESULTS = 5


def may_run(user, job: Job) -> bool:
    return restrict_queryset(Job.objects.filter(pk=job.pk), user, "run").exists()


class JobListView(View):
    """Jobs by source and module, with their newest run; hidden and uninstalled jobs on request."""

    template_name = "extras/job_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        if not user_has_perm(request.user, "extras.view_job"):
            raise PermissionDenied("You may not view jobs.")
        options = {
            "search": request.GET.get("q", ""),
            "hidden": request.GET.get("hidden", "").lower() in TRUE_VALUES,
            "uninstalled": request.GET.get("uninstalled", "").lower() in TRUE_VALUES,
        }
        if request.GET.get("export") == "csv":
            return jobs_csv_response(visible_jobs(request.user, **options))
        can_manage = user_has_perm(request.user, "extras.change_job")
        context = {
            "sources": group_jobs(request.user, visible_jobs(request.user, **options)),
            "options": options,
            "filtered": any(options.values()),
            # Import errors name files and show tracebacks: for the people who manage jobs only.
            "import_problems": loader.problems() if can_manage else [],
            "can_view_results": user_has_perm(request.user, "extras.view_jobresult"),
            "can_bulk": can_manage,
        }
        return render(request, self.template_name, context)


JOB_CSV_HEADER = ["Name", "Class path", "Source", "Module", "Grouping", "Enabled", "Installed", "Description"]


def jobs_csv_response(jobs) -> HttpResponse:
    """The jobs list as a CSV download, with the list's search and options."""
    rows = (
        [
            job.name,
            job.class_path,
            job.source_name,
            job.module_name,
            job.grouping,
            job.enabled,
            job.installed,
            job.description_first_line,
        ]
        for job in jobs.iterator(chunk_size=2000)
    )
    return csv_response(csv_lines(itertools.chain([JOB_CSV_HEADER], rows)), "jobs.csv")


class JobView(View):
    """The job's page: its metadata and the run form generated from its variables."""

    template_name = "extras/job.html"

    def get_job(self, request: HttpRequest, pk) -> Job:
        if not user_has_perm(request.user, "extras.view_job"):
            raise PermissionDenied("You may not view jobs.")
        return get_object_or_404(Job.objects.restrict(request.user, "view"), pk=pk)

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        job = self.get_job(request, pk)
        job_class = job.job_class
        job_form = job_class.as_form(initial=prefill(request, job, job_class)) if job_class else None
        return self.render(job, job_form, JobExecutionForm(job))

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        job = self.get_job(request, pk)
        if not may_run(request.user, job):
            raise PermissionDenied("You may not run this job.")
        job_class = job.job_class
        job_form = job_class.as_form(data=request.POST, files=request.FILES) if job_class else None
        execution_form = JobExecutionForm(job, data=request.POST)
        error = None
        if execution_form.is_valid():
            submission, error = self.submit(job, job_form, execution_form)
            if submission is not None:
                return self.submitted(job, submission)
        return self.render(job, job_form, execution_form, submission_error=error)

    def submit(self, job: Job, job_form, execution_form) -> tuple[Submission | None, str | None]:
        """The submission, or None with the refusal shown on the forms (and its message when it is not
        about a field)."""
        request = self.request
        try:
            # Outside a transaction, so a broker that refuses the run is answered here (the result
            # is withdrawn and BrokerUnavailable raised) instead of leaving an errored result behind.
            return submit_job(
                RunRequest(
                    job=job,
                    user=request.user,
                    data=request.POST,
                    files=request.FILES,
                    commit=execution_form.commit,
                    task_queue=execution_form.task_queue,
                    request=request,
                    source="web",
                    schedule=execution_form.schedule,
                )
            ), None
        except JobDataError as data_error:
            show_job_data_errors(job_form, data_error)
        except ScheduleError as schedule_error:
            execution_form.show_schedule_errors(schedule_error.errors)
            if job_form is not None:
                job_form._errors = ErrorDict()  # the input is checked once the schedule is accepted
        except SubmissionError as submission_error:
            field = f"_{submission_error.field}" if submission_error.field else None
            if field in execution_form.fields:
                execution_form.add_error(field, submission_error.message)
            if job_form is not None:
                job_form._errors = ErrorDict()  # the refusal is not about the input: show none
            return None, submission_error.message
        return None, None

    def submitted(self, job: Job, submission: Submission) -> HttpResponse:
        """Where a request goes once accepted: its run, the approval queue, or its schedule."""
        if submission.job_result is not None:
            return HttpResponseRedirect(submission.job_result.get_absolute_url())
        if submission.schedule.awaiting_approval:
            return self.sent_for_approval(job, submission.schedule)
        return self.scheduled(submission.schedule)

    def sent_for_approval(self, job: Job, schedule: ScheduledJob) -> HttpResponse:
        what = "run it now" if schedule.interval == "immediately" else f'schedule it as "{schedule.name}"'
        messages.success(
            self.request, f"{job.name} requires approval: your request to {what} waits for another user."
        )
        return HttpResponseRedirect(self.schedule_page(job, "extras:scheduledjob_approval_queue"))

    def scheduled(self, schedule: ScheduledJob) -> HttpResponse:
        first = f"{timezone.localtime(schedule.next_run_at, zone(schedule.time_zone)):%Y-%m-%d %H:%M %Z}"
        messages.success(self.request, f'Scheduled "{schedule.name}": it first runs at {first}.')
        return HttpResponseRedirect(self.schedule_page(schedule.job_model, schedule=schedule))

    def schedule_page(self, job: Job, url_name: str = "", schedule: ScheduledJob | None = None) -> str:
        """The schedule's page or the approval queue, if the user may see it; else the job's page."""
        if not user_has_perm(self.request.user, "extras.view_scheduledjob"):
            return job.get_absolute_url()
        try:
            return schedule.get_absolute_url() if schedule is not None else reverse(url_name)
        except NoReverseMatch:  # the schedule pages are not installed
            return job.get_absolute_url()

    def render(self, job: Job, job_form, execution_form, submission_error: str | None = None) -> HttpResponse:
        user = self.request.user
        permitted = may_run(user, job)
        recent = []
        if user_has_perm(user, "extras.view_jobresult"):
            visible = JobResult.objects.restrict(user, "view").filter(job_model=job).select_related("user")
            recent = list(visible[:RECENT_RESULTS])
        if job_form is not None:
            restrict_object_choices(job_form, user)
        context = {
            "job": job,
            "job_form": job_form,
            "execution_form": execution_form,
            "can_run": permitted and job.runnable and job_form is not None,
            "can_change": user_has_perm(user, "extras.change_job")
            and restrict_queryset(Job.objects.filter(pk=job.pk), user, "change").exists(),
            "warnings": job_warnings(job, job_form is not None, permitted),
            "submission_error": submission_error,
            "recent_results": recent,
            "can_view_results": user_has_perm(user, "extras.view_jobresult"),
            # Rendered with the page too, so the next runs show without JavaScript after a submission.
            "schedule_preview": preview_schedule(execution_form.schedule_values()),
            "typical": typical_duration(job),
        }
        return render(self.request, self.template_name, context)


def job_warnings(job: Job, loaded: bool, permitted: bool) -> list[str]:
    """Why the form cannot be submitted, in the order a user would fix them."""
    warnings = []
    if not job.installed:
        warnings.append("This job is not installed: its code is no longer found, so it cannot run.")
    elif not loaded:
        warnings.append("The code of this job could not be loaded; the jobs list shows the import error.")
    if not job.enabled:
        warnings.append("This job is not enabled. Someone who manages jobs can enable it on its edit page.")
    if job.has_sensitive_variables and job.approval_required:
        warnings.append(
            "This job may have sensitive variables and also requires approval, which cannot be combined; "
            "it cannot run until one of the two is changed."
        )
    if not permitted:
        warnings.append("You do not have permission to run this job.")
    return warnings


def prefill(request: HttpRequest, job: Job, job_class) -> dict:
    """Initial values from `?<variable>=…` or from an earlier run (`?kwargs_from_job_result=<id>`)."""
    variables = job_class.variables()
    initial = {}
    source_id = request.GET.get("kwargs_from_job_result")
    if source_id:
        earlier = (
            JobResult.objects.restrict(request.user, "view").filter(pk=source_id, job_model=job).first()
            if is_uuid(source_id)
            else None
        )
        stored = ((servable_inputs(earlier) or {}).get("data") or {}) if earlier else {}
        initial.update({key: value for key, value in stored.items() if key in variables})
    for name, variable in variables.items():
        if name in request.GET:
            values = request.GET.getlist(name)
            initial[name] = values if isinstance(variable, MultiChoiceVar | MultiObjectVar) else values[0]
    return initial


class JobEditView(ObjectEditView):
    """Enable a job and override its metadata: for users who may change it."""

    queryset = Job.objects.all()
    form = JobEditForm
    template_name = "extras/job_edit.html"
