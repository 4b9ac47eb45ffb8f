"""REST views of runs: results (read and delete) and their log lines, built for speed on long logs."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from core.api.permissions import TokenPermissions
from core.api.views import ModelViewSet
from extras.api import serializers
from extras.api.log_rows import FIELDS as LOG_ROW_FIELDS
from extras.api.log_rows import LogRowBuilder
from extras.models import GitRepository, Job, JobLogEntry, JobResult
from extras.ui import filters
from users.permissions import sees_all


class JobResultViewSet(ModelViewSet):
    """Results newest first: read and delete only (runs are created through a job's `run`)."""

    queryset = JobResult.objects.select_related("job_model", "user", "schedule")
    serializer_class = serializers.JobResultSerializer
    filterset_class = filters.JobResultFilterSet
    http_method_names = ["get", "head", "options", "delete"]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.JobResultDetailSerializer
        return super().get_serializer_class()

    @action(detail=True, methods=["get"])
    def logs(self, request, pk=None):
        """Every line of the run in order, unpaginated (as in the reference API)."""
        result = self.get_object()
        entries = JobLogEntry.objects.filter(job_result_id=result.pk).order_by("sequence")
        return Response(LogRowBuilder(request).rows(entries))


class JobLogPermissions(TokenPermissions):
    """Log lines are part of their result: reading them takes `extras.view_jobresult`."""

    class ResultsView:
        queryset = JobResult.objects.none()

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, self.ResultsView())


class JobLogEntryViewSet(ReadOnlyModelViewSet):
    """Log lines of the results the user may view.

    The lines are read on the `job_logs` alias (a second connection), which Django does not let a
    subquery on results use, so the visible result ids are read first and passed as a list.
    Users who may view every result, job and repository skip that step (superusers, and unconstrained
    grants); with `?job_result=<uuid>` only that one result's visibility is checked.
    """

    queryset = JobLogEntry.objects.all()
    serializer_class = serializers.JobLogEntrySerializer
    filterset_class = filters.JobLogEntryFilterSet
    permission_classes = [JobLogPermissions]

    def get_queryset(self):
        user = self.request.user
        queryset = JobLogEntry.objects.order_by("job_result_id", "sequence")
        if sees_all(user, JobResult) and sees_all(user, Job) and sees_all(user, GitRepository):
            return queryset
        visible = JobResult.objects.restrict(user, "view")
        wanted = self.request.query_params.getlist("job_result")
        if wanted:
            try:
                visible = visible.filter(pk__in=wanted)
            except DjangoValidationError:
                return queryset.none()
        return queryset.filter(job_result_id__in=list(visible.values_list("pk", flat=True)))

    def list(self, request, *args, **kwargs):
        """Paginated like any list, but each page is built from `.values()` (see extras/api/log_rows.py)."""
        builder = LogRowBuilder(request)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()).values(*LOG_ROW_FIELDS))
        return self.get_paginated_response([builder.row(values) for values in page])
