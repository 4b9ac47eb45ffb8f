"""Filters of the change log (API and list page): who, which request, what action, which object, when."""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from core.filters import UserFilter
from core.uuids import split_ids
from dcim.filters.base import DayFilter, IsoDateTimeFilter, MultiValueCharFilter, MultiValueUUIDFilter
from extras.changes.recording import change_logged_models
from extras.choices import ObjectChangeActionChoices
from extras.models import ObjectChange


def object_type_choices() -> list[tuple[str, str]]:
    """`app_label.model` of every change-logged model, labelled by its name."""
    choices = [
        (f"{model._meta.app_label}.{model._meta.model_name}", str(model._meta.verbose_name).capitalize())
        for model in change_logged_models()
    ]
    return sorted(choices, key=lambda choice: choice[1])


class ContentTypesFilter(django_filters.MultipleChoiceFilter):
    """`content_types=dcim.device` (repeatable) on a model's `content_types`: those offered for any of them."""

    def filter(self, queryset: QuerySet, value) -> QuerySet:
        if not value:
            return queryset
        query = Q()
        for item in value:
            app_label, model = item.split(".", 1)
            query |= Q(content_types__app_label=app_label, content_types__model=model)
        return queryset.filter(query).distinct()


class ObjectChangeFilterSet(django_filters.FilterSet):
    """Nautobot 1.x's filters of `/api/extras/object-changes/`; an unknown object type is a 400."""

    id = MultiValueUUIDFilter()
    q = django_filters.CharFilter(method="search", label="Search")
    user = UserFilter()
    user_id = MultiValueUUIDFilter(field_name="user_id")
    user_name = MultiValueCharFilter()
    request_id = MultiValueUUIDFilter()
    action = django_filters.MultipleChoiceFilter(choices=ObjectChangeActionChoices.as_choices())
    changed_object_type = django_filters.MultipleChoiceFilter(
        choices=object_type_choices, method="filter_object_type", label="Object type"
    )
    changed_object_id = MultiValueUUIDFilter()
    job_result = MultiValueUUIDFilter(field_name="job_result_id", label="Job result")
    time__gte = IsoDateTimeFilter(field_name="time", lookup_expr="gte")
    time__lte = IsoDateTimeFilter(field_name="time", lookup_expr="lte")

    class Meta:
        model = ObjectChange
        fields = ["change_context"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        query = Q(object_repr__icontains=value) | Q(user_name__icontains=value)
        ids, _ = split_ids([value])
        if ids:
            query |= Q(changed_object_id=ids[0]) | Q(request_id=ids[0])
        return queryset.filter(query)

    def filter_object_type(self, queryset: QuerySet, name: str, values: list[str]) -> QuerySet:
        if not values:
            return queryset
        query = Q()
        for value in values:
            app_label, model = value.split(".", 1)
            query |= Q(app_label=app_label, model=model)
        return queryset.filter(changed_object_type__in=ContentType.objects.filter(query))


class ObjectChangeListFilterSet(ObjectChangeFilterSet):
    """The change log page's filters: by day rather than by instant."""

    since = DayFilter("time", "from", "From")
    until = DayFilter("time", "until", "Until")
