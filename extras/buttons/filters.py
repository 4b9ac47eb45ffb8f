"""Filters of job buttons (API and list page)."""

from __future__ import annotations

from dcim.filters.base import BaseFilterSet, MultiValueCharFilter, MultiValueUUIDFilter
from extras.changes.filters import ContentTypesFilter, object_type_choices
from extras.models import JobButton


class JobButtonFilterSet(BaseFilterSet):
    search_fields = ("name", "text", "group_name", "job__name")

    name = MultiValueCharFilter()
    job = MultiValueUUIDFilter(field_name="job_id", label="Job (id)")
    content_types = ContentTypesFilter(choices=object_type_choices, label="Object type")
    group_name = MultiValueCharFilter()

    class Meta:
        model = JobButton
        fields = ["enabled", "confirmation", "button_class", "weight"]
