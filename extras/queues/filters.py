"""Filters of job queues and their assignments (API and list page)."""

from __future__ import annotations

import django_filters

from dcim.filters.base import BaseFilterSet, MultiValueCharFilter, MultiValueUUIDFilter
from extras.choices import JobQueueTypeChoices
from extras.models import JobQueue, JobQueueAssignment


class JobQueueFilterSet(BaseFilterSet):
    search_fields = ("name", "description")

    name = MultiValueCharFilter()
    queue_type = django_filters.MultipleChoiceFilter(choices=JobQueueTypeChoices.as_choices())
    job = MultiValueUUIDFilter(field_name="jobs", label="Job (id)", distinct=True)

    class Meta:
        model = JobQueue
        fields = []


class JobQueueAssignmentFilterSet(BaseFilterSet):
    search_fields = ("job__name", "job_queue__name")

    job = MultiValueUUIDFilter(field_name="job_id", label="Job (id)")
    job_queue = MultiValueUUIDFilter(field_name="job_queue_id", label="Job queue (id)")

    class Meta:
        model = JobQueueAssignment
        fields = []
