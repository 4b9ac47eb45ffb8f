"""The "Job runs" tab of every object page (the runs that touched the object, newest first), and running a
job on the rows selected in a list page."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views import View

from core.page_extensions import LIST_SELECTION_FORM
from core.tables import Column, Table
from core.views import PER_PAGE_CHOICES, ObjectPermissionMixin, paginate, safe_return_url
from extras.object_runs.selectors import runs_touching, selection_jobs
from extras.ui.tables import COUNTERS, SOURCE, STATUS


class ObjectJobRunTable(Table):
    columns = (
        Column("created", link=True),
        Column("job_model", label="Job", template=SOURCE, order_by=""),
        Column("user", order_by=""),
        Column("status", template=STATUS, order_by=""),
        Column("counters", label="Results", template=COUNTERS, order_by=""),
    )


class ObjectJobRunsView(ObjectPermissionMixin, View):
    """Runs whose changes or log lines name the object, or that a job button or job hook started for it."""

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        self.require_permission("view")
        obj = get_object_or_404(self.restricted("view"), pk=pk)
        page = paginate(request, runs_touching(obj, request.user))
        context = {
            **self.model_context(),
            "object": obj,
            "page": page,
            "table": ObjectJobRunTable(page.object_list),
            "per_page_choices": PER_PAGE_CHOICES,
        }
        return render(request, "extras/object_job_runs.html", context)


def selection_actions_html(request: HttpRequest, model: type[Model]) -> str:
    """A list page's "run a job on the selected rows" form, when the user may run a job taking a selection
    of `model` (registered with core.page_extensions by the jobs app; its rows then get checkboxes)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    jobs = selection_jobs(model, user)
    if not jobs:
        return ""
    meta = model._meta
    context = {
        "form_id": LIST_SELECTION_FORM,
        "jobs": [job for job, _variable in jobs],
        "object_type": f"{meta.app_label}.{meta.model_name}",
        "model_name_plural": meta.verbose_name_plural,
    }
    return render_to_string("extras/inc/selection_actions.html", context, request=request)


class RunOnSelectionView(View):
    """GET job, object_type, pk (repeated): open the job's run form with the selected objects filled in."""

    def get(self, request: HttpRequest) -> HttpResponse:
        app_label, _, model_name = request.GET.get("object_type", "").partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model_name).first()
        model = content_type.model_class() if content_type is not None else None
        if model is None:
            raise Http404("No such type of object.")
        variables = {str(job.pk): (job, name) for job, name in selection_jobs(model, request.user)}
        chosen = variables.get(request.GET.get("job", ""))
        if chosen is None:
            raise Http404("No job you may run takes a selection of these objects.")
        job, variable = chosen
        selected = [pk for pk in request.GET.getlist("pk") if pk]
        if not selected:
            messages.warning(request, f"Select the {model._meta.verbose_name_plural} to run {job} on first.")
            return HttpResponseRedirect(safe_return_url(request, job.get_absolute_url()))
        return HttpResponseRedirect(
            f"{job.get_absolute_url()}?{urlencode([(variable, pk) for pk in selected])}"
        )
