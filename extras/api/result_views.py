"""REST views of runs: results (read and delete) and their log lines, built for speed on long logs."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from core.api.permissions import TokenPermissions
from core.api.views import ModelViewSet
from core.permissions import sees_all
from extras.api import serializers
from extras.api.log_pages import AFTER, LogLinePagination
from extras.api.log_rows import LogRowBuilder
from extras.api.nested_serializers import NestedJobResultSerializer, NestedScheduledJobSerializer
from extras.changes.api import review_refusal
from extras.changes.review import ReviewError, commit_reviewed_run
from extras.changes.selectors import visible_run_changes
from extras.changes.serializers import RunChangeSerializer
from extras.jobs import JobDataError, JobRequest
from extras.models import GitRepository, Job, JobLogEntry, JobResult
from extras.result_files.selectors import files_prefetch
from extras.ui import filters


class JobResultViewSet(ModelViewSet):
    """Results newest first: read and delete only (runs are created through a job's `run`)."""

    queryset = JobResult.objects.select_related("job_model", "user", "schedule").prefetch_related(
        files_prefetch()
    )
    serializer_class = serializers.JobResultSerializer
    filterset_class = filters.JobResultFilterSet
    http_method_names = ["get", "head", "options", "delete", "post"]  # POST: only a dry run's `commit`

    # Committing a dry run's changes reads the dry run (`view`); running the job again is checked on the job.
    permission_action_override = None

    def initial(self, request, *args, **kwargs):
        if self.action in ("commit", "changes"):
            self.permission_action_override = "view"
        super().initial(request, *args, **kwargs)

    def get_queryset(self):
        if self.action in ("commit", "changes"):
            return self.queryset.restrict(self.request.user, "view")
        return super().get_queryset()

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(request.method, detail="Results are created by running a job.")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.JobResultDetailSerializer
        return super().get_serializer_class()

    @action(detail=True, methods=["get"], serializer_class=RunChangeSerializer)
    def changes(self, request, pk=None):
        """The run's change set: what it committed (its change log entries), or for a dry run what it would
        have changed, as far as you may view the change log and the changed objects (visible_run_changes).
        Paginated, in the order of the changes."""
        result = self.get_object()
        changes = visible_run_changes(result, request.user)
        page = self.paginate_queryset(changes)
        return self.get_paginated_response(
            RunChangeSerializer(page, many=True, context={"request": request}).data
        )

    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        """Run the dry run's job again with its inputs and commit exactly its reviewed change set, or nothing.

        201 with the new run (or, for a job that requires approval, the request waiting for it).
        """
        dry_run = self.get_object()
        try:
            submission = commit_reviewed_run(
                dry_run,
                request.user,
                request=JobRequest.from_http_request(request, source="api", include_post=False),
                source="api",
            )
        except ReviewError as error:
            raise review_refusal(error) from None
        except JobDataError as error:
            raise ValidationError(error.as_api_errors()) from None
        context = {"request": request}
        body = {"schedule": None, "job_result": None}
        if submission.schedule is not None:
            body["schedule"] = NestedScheduledJobSerializer(submission.schedule, context=context).data
        else:
            body["job_result"] = NestedJobResultSerializer(submission.job_result, context=context).data
        return Response(body, status=status.HTTP_201_CREATED)

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
    pagination_class = LogLinePagination
    query_parameters = (AFTER,)

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
        page = self.paginate_queryset(builder.values(self.filter_queryset(self.get_queryset()), "sequence"))
        return self.get_paginated_response([builder.row(values) for values in page])
