"""django-filter filtersets of the jobs engine: Job records, results, log lines and scheduled jobs."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from core.filters import UserFilter
from core.uuids import split_ids
from dcim.filters.base import (
    BaseFilterSet,
    DayFilter,
    IsoDateTimeFilter,
    MultiValueCharFilter,
    MultiValueUUIDFilter,
    RelatedIdFilter,
)
from extras.choices import JobExecutionTypeChoices, JobResultStatusChoices, LogLevelChoices
from extras.models import Job, JobLogEntry, JobResult, ScheduledJob


class JobFilterSet(BaseFilterSet):
    search_fields = ("name", "grouping", "description", "class_path")

    name = MultiValueCharFilter()
    slug = MultiValueCharFilter()
    grouping = MultiValueCharFilter()
    module_name = MultiValueCharFilter()
    job_class_name = MultiValueCharFilter()
    class_path = MultiValueCharFilter()

    class Meta:
        model = Job
        fields = ["source", "installed", "enabled", "hidden", "read_only", "approval_required"]


class JobResultFilterSet(BaseFilterSet):
    search_fields = ("name", "job_model__name")

    job_model = MultiValueCharFilter(method="filter_job_model", label="Job (UUID or slug)")
    job_model_id = MultiValueUUIDFilter(field_name="job_model_id")
    status = django_filters.MultipleChoiceFilter(choices=JobResultStatusChoices.as_choices())
    user = UserFilter()
    name = MultiValueCharFilter()
    completed__gte = IsoDateTimeFilter(field_name="completed", lookup_expr="gte")
    completed__lte = IsoDateTimeFilter(field_name="completed", lookup_expr="lte")

    class Meta:
        model = JobResult
        fields = ["task_queue", "commit"]

    def filter_job_model(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        if not values:
            return queryset
        ids, slugs = split_ids(values)
        return queryset.filter(Q(job_model_id__in=ids) | Q(job_model__slug__in=slugs))


class JobLogEntryFilterSet(django_filters.FilterSet):
    """No cross-database joins: `job_result` filters by the stored id only."""

    job_result = MultiValueUUIDFilter(field_name="job_result_id")
    log_level = django_filters.MultipleChoiceFilter(choices=LogLevelChoices.as_choices())
    grouping = MultiValueCharFilter()
    q = django_filters.CharFilter(method="search", label="Search")

    class Meta:
        model = JobLogEntry
        fields = ["job_result", "log_level", "grouping"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return (
            queryset.filter(Q(message__icontains=value) | Q(log_object__icontains=value))
            if value
            else queryset
        )


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


class JobResultListFilterSet(JobResultFilterSet):
    """The web results list's filters: a job dropdown, status, user, dry runs and a range of days."""

    job = RelatedIdFilter(Job, "job_model", label="Job")
    commit = django_filters.BooleanFilter(label="Commit (No: dry runs)")
    since = DayFilter("created", "from", "From")
    until = DayFilter("created", "until", "Until")


class ScheduledJobListFilterSet(ScheduledJobFilterSet):
    """The web list's filters: a job dropdown, schedule type, enabled and approval state."""

    job = RelatedIdFilter(Job, "job_model", label="Job")
    interval = django_filters.MultipleChoiceFilter(
        choices=JobExecutionTypeChoices.as_choices(), label="Schedule type"
    )
    enabled = django_filters.BooleanFilter(label="Enabled")
    needs_approval = django_filters.BooleanFilter(method="filter_needs_approval", label="Awaiting approval")
