"""Filters of job hooks (API and list page)."""

from __future__ import annotations

from dcim.filters.base import BaseFilterSet, MultiValueCharFilter, MultiValueUUIDFilter
from extras.changes.filters import ContentTypesFilter, object_type_choices
from extras.models import JobHook


class JobHookFilterSet(BaseFilterSet):
    search_fields = ("name", "job__name")

    name = MultiValueCharFilter()
    job = MultiValueUUIDFilter(field_name="job_id", label="Job (id)")
    content_types = ContentTypesFilter(choices=object_type_choices, label="Object type")

    class Meta:
        model = JobHook
        fields = ["enabled", "type_create", "type_update", "type_delete"]
