"""The 2.x views: the 1.x viewsets (same permissions, visibility, refusals and engine calls) with 2.x shapes.

Wired by extras/api/urls.py through core.api.versioning.versioned_patterns(): same URLs and names as 1.x.
"""

from __future__ import annotations

import django_filters
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from extras.api.result_views import JobLogEntryViewSet, JobResultViewSet
from extras.api.v2 import statuses
from extras.api.v2.log_rows import LogRowBuilderV2
from extras.api.v2.serializers import (
    JobInputSerializerV2,
    JobResultSerializerV2,
    JobSerializerV2,
    ScheduledJobSerializerV2,
)
from extras.api.views import FORM_MEDIA_TYPES, JobViewSet
from extras.models import JobLogEntry
from extras.ui import filters


class JobResultFilterSetV2(filters.JobResultFilterSet):
    """`status` takes Celery states (SUCCESS, FAILURE...), as results show them in 2.x."""

    status = django_filters.MultipleChoiceFilter(choices=statuses.FILTER_CHOICES, method="filter_status")

    def filter_status(self, queryset, name: str, states: list[str]):
        return queryset.filter(status__in=statuses.statuses_for(states)) if states else queryset


class JobViewSetV2(JobViewSet):
    """Jobs by UUID or name; a run answers 201 `{"job_result": <full result>, "scheduled_job": <full schedule>}`."""

    serializer_class = JobSerializerV2

    def list(self, request, *args, **kwargs):
        # 2.x has no legacy job-class array: the paginated records, whatever the version.
        return super(JobViewSet, self).list(request, *args, **kwargs)

    def run_answer(self) -> Response:
        wait = self.requested_wait()
        submission = self.submit(self.get_object())
        context = {"request": self.request}
        body = {"job_result": None, "scheduled_job": None}
        headers = {}
        if submission.schedule is not None:
            body["scheduled_job"] = ScheduledJobSerializerV2(submission.schedule, context=context).data
        else:
            result = submission.job_result
            if wait:
                result, headers = self.wait_for(result, wait)
            body["job_result"] = JobResultSerializerV2(result, context=context).data
        return Response(body, status=status.HTTP_201_CREATED, headers=headers)

    @staticmethod
    def parse_envelope(request) -> dict:
        """A JSON body is `{data, schedule, task_queue | job_queue}`; a form body is read as in 1.x."""
        if request.content_type.startswith(FORM_MEDIA_TYPES):
            return JobViewSet.parse_envelope(request)
        parsed = JobInputSerializerV2(data=request.data)
        parsed.is_valid(raise_exception=True)
        return {
            **parsed.validated_data,
            "commit": None,  # the job's default; a DryRunVar in `data` makes it a dry run (the engine decides)
            "files": None,
            "source": "api",
            "field_name": lambda name: name,
            "schedule_errors": lambda errors: {"schedule": errors},
        }


class JobResultViewSetV2(JobResultViewSet):
    serializer_class = JobResultSerializerV2
    filterset_class = JobResultFilterSetV2

    def get_serializer_class(self):
        if self.action in ("list", "retrieve", "destroy"):
            return JobResultSerializerV2
        return super().get_serializer_class()

    @action(detail=True, methods=["get"])
    def logs(self, request, pk=None):
        """Every line of the run in order, unpaginated, as Nautobot 2.x's JobLogEntry objects."""
        result = self.get_object()
        entries = JobLogEntry.objects.filter(job_result_id=result.pk).order_by("sequence")
        return Response(LogRowBuilderV2(request).rows(entries))


class JobLogEntryViewSetV2(JobLogEntryViewSet):
    def list(self, request, *args, **kwargs):
        builder = LogRowBuilderV2(request)
        page = self.paginate_queryset(builder.values(self.filter_queryset(self.get_queryset()), "sequence"))
        return self.get_paginated_response([builder.row(values) for values in page])

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        return Response(LogRowBuilderV2(request).rows(JobLogEntry.objects.filter(pk=entry.pk))[0])
