"""django-filter filtersets of the jobs engine: Job records, results and log lines (schedules: extras.schedules)."""

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
from extras.choices import JobResultStatusChoices, LogLevelChoices
from extras.models import Job, JobLogEntry, JobResult


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


class JobResultListFilterSet(JobResultFilterSet):
    """The web results list's filters: a job dropdown, status, user, dry runs and a range of days."""

    job = RelatedIdFilter(Job, "job_model", label="Job")
    commit = django_filters.BooleanFilter(label="Commit (No: dry runs)")
    since = DayFilter("created", "from", "From")
    until = DayFilter("created", "until", "Until")
