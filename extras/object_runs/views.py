"""The "Job runs" tab of every object page: the runs that touched the object, newest first."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views import View

from core.tables import Column, Table
from core.views import PER_PAGE_CHOICES, ObjectPermissionMixin, paginate
from extras.object_runs.selectors import runs_touching
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
