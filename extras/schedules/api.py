"""REST views of scheduled jobs: list, detail, pause/resume, delete, and approve / deny / dry-run.

The decisions themselves live in extras/schedules/approvals.py; these views check the ScheduledJob permission
for the action (change to approve, delete to deny, view to dry-run) and translate refusals.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.errors import APIError
from core.api.views import ModelViewSet
from extras.api.serializers import JobResultSerializer
from extras.changes.review import latest_dry_run_of
from extras.changes.selectors import visible_run_changes
from extras.changes.serializers import RunChangeSerializer
from extras.models import DryRunChange, ScheduledJob
from extras.schedules import approvals, filters
from extras.schedules.occurrences import upcoming, zone
from extras.schedules.requests import START_TIME_GRACE, ScheduleError, parse_schedule
from extras.schedules.scheduling import set_schedule_enabled
from extras.schedules.serializers import ScheduledJobSerializer
from extras.visibility import shown_in

# Which permission on ScheduledJob each decision needs (its object-level queryset too).
DECISION_ACTIONS = {"approve": "change", "deny": "delete", "dry_run": "view", "changes": "view"}


def reviewed_result_of(request) -> uuid.UUID | None:
    """The `reviewed_result` an approval names (body or query string), as a UUID; a 400 when it is not one."""
    data = request.data if hasattr(request.data, "get") else {}
    value = data.get("reviewed_result") or request.query_params.get("reviewed_result")
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ValidationError({"reviewed_result": ["Must be a valid UUID."]}) from None


class ScheduledJobViewSet(ModelViewSet):
    queryset = ScheduledJob.objects.select_related("job_model", "user", "approved_by_user")
    serializer_class = ScheduledJobSerializer
    filterset_class = filters.ScheduledJobFilterSet
    http_method_names = ["get", "head", "options", "patch", "delete", "post"]

    @property
    def permission_action_override(self) -> str | None:
        return DECISION_ACTIONS.get(self.action)

    def get_queryset(self):
        if self.action in DECISION_ACTIONS:
            return self.queryset.restrict(self.request.user, DECISION_ACTIONS[self.action])
        return super().get_queryset()

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed(
            request.method, detail="Schedules are created by running a job with a schedule."
        )

    def perform_update(self, serializer):
        enabled = serializer.validated_data.pop("enabled", None)
        with transaction.atomic():
            if enabled is not None:  # first, so the save below writes the resumed next run too
                set_schedule_enabled(serializer.instance, enabled)
            instance = serializer.save()
            self._check_constraints(instance, "change")

    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated])
    def preview(self, request):
        """The next five run times of a schedule as the run form would send it (nothing is stored)."""
        try:
            params = {"name": "preview", **request.query_params.dict()}  # a preview needs no name
            schedule = parse_schedule(params, now=timezone.now() - START_TIME_GRACE)
        except ScheduleError as error:
            raise ValidationError(error.errors) from None
        if schedule is None:
            raise ValidationError({"interval": ["This field is required."]})
        moments = upcoming(
            schedule.interval, schedule.start_time, schedule.crontab, zone(schedule.time_zone), timezone.now()
        )
        return Response({"time_zone": schedule.time_zone, "next_runs": moments})

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve; with `reviewed_result` (a completed dry run of this request, in the body or the query)
        the run commits exactly that dry run's changes or nothing."""
        schedule = self.get_object()
        force = bool(request.query_params.get("force"))
        reviewed = reviewed_result_of(request)
        try:
            schedule = approvals.approve_scheduled_job(
                schedule, request.user, force=force, reviewed_result=reviewed
            )
        except approvals.ReviewedResultRefused as error:
            raise ValidationError({"reviewed_result": [error.message]}) from None
        except approvals.ApprovalError as error:
            raise APIError(error.message, error.status) from None
        return Response(self.get_serializer(schedule).data)

    @action(detail=True, methods=["post"])
    def deny(self, request, pk=None):
        schedule = self.get_object()
        try:
            approvals.deny_scheduled_job(schedule, request.user)
        except approvals.ApprovalError as error:
            raise APIError(error.message, error.status) from None
        # The reference answers a JSON `null`; DRF would send an empty body for None.
        return HttpResponse("null", content_type="application/json")

    @action(detail=True, methods=["get"], serializer_class=RunChangeSerializer)
    def changes(self, request, pk=None):
        """What the request would change: the change set of the dry run it was approved with (or asked to
        commit), else of its newest dry run (`dry_run`, null when there is none). Paginated."""
        schedule = self.get_object()
        dry_run = shown_in({"request": request}, schedule.reviewed_result or latest_dry_run_of(schedule))
        changes = (
            visible_run_changes(dry_run, request.user) if dry_run is not None else DryRunChange.objects.none()
        )
        page = self.paginate_queryset(changes)
        response = self.get_paginated_response(
            RunChangeSerializer(page, many=True, context={"request": request}).data
        )
        response.data["dry_run"] = (
            JobResultSerializer(dry_run, context={"request": request}).data if dry_run is not None else None
        )
        return response

    @action(detail=True, methods=["post"], url_path="dry-run")
    def dry_run(self, request, pk=None):
        schedule = self.get_object()
        try:
            result = approvals.dry_run_scheduled_job(schedule, request.user, request=request, source="api")
        except approvals.ApprovalError as error:
            if error.status == status.HTTP_405_METHOD_NOT_ALLOWED:
                raise MethodNotAllowed(error.message) from None
            raise APIError(error.message, error.status) from None
        return Response(JobResultSerializer(result, context={"request": request}).data)
