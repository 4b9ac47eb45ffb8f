"""Filters of scheduled jobs: the API's (Nautobot's names) and the schedules list page's."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from core.filters import (
    BaseFilterSet,
    IsoDateTimeFilter,
    MultiValueCharFilter,
    MultiValueUUIDFilter,
    RelatedIdFilter,
)
from core.uuids import split_ids
from extras.choices import JobExecutionTypeChoices
from extras.models import Job, ScheduledJob


class ScheduledJobFilterSet(BaseFilterSet):
    search_fields = ("name", "job_class", "description")

    name = MultiValueCharFilter()
    job_model = MultiValueCharFilter(method="filter_job_model", label="Job (UUID or slug)")
    job_model_id = MultiValueUUIDFilter(field_name="job_model_id")
    interval = django_filters.MultipleChoiceFilter(choices=JobExecutionTypeChoices.as_choices())
    approval_required = django_filters.BooleanFilter()
    needs_approval = django_filters.BooleanFilter(
        method="filter_needs_approval", label="Waiting for approval"
    )
    start_time__gte = IsoDateTimeFilter(field_name="start_time", lookup_expr="gte")
    start_time__lte = IsoDateTimeFilter(field_name="start_time", lookup_expr="lte")
    last_run_at__gte = IsoDateTimeFilter(field_name="last_run_at", lookup_expr="gte")
    last_run_at__lte = IsoDateTimeFilter(field_name="last_run_at", lookup_expr="lte")

    class Meta:
        model = ScheduledJob
        fields = ["enabled", "total_run_count", "task_queue"]

    def filter_job_model(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        if not values:
            return queryset
        ids, slugs = split_ids(values)
        return queryset.filter(Q(job_model_id__in=ids) | Q(job_model__slug__in=slugs))

    def filter_needs_approval(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        waiting = Q(approval_required=True, approved_at__isnull=True)
        return queryset.filter(waiting) if value else queryset.exclude(waiting)


class ScheduledJobListFilterSet(ScheduledJobFilterSet):
    """The web list's filters: a job dropdown, schedule type, enabled and approval state."""

    job = RelatedIdFilter(Job, "job_model", label="Job")
    interval = django_filters.MultipleChoiceFilter(
        choices=JobExecutionTypeChoices.as_choices(), label="Schedule type"
    )
    enabled = django_filters.BooleanFilter(label="Enabled")
    needs_approval = django_filters.BooleanFilter(method="filter_needs_approval", label="Awaiting approval")
