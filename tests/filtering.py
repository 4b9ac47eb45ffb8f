"""Helpers of the filterset tests: a declared model's filterset, run on a query string."""

from __future__ import annotations

from django.http import QueryDict

from core.declarations import declaration_for


def filterset_of(model) -> type:
    return declaration_for(model).filterset


def run(filterset_class, query: str, queryset=None):
    """The objects a valid query selects (an invalid one fails the test, showing the errors)."""
    filterset = filterset_class(
        QueryDict(query), queryset=queryset or filterset_class._meta.model.objects.all()
    )
    assert filterset.is_valid(), filterset.errors
    return filterset.qs


def names(queryset) -> set[str]:
    return {str(obj) for obj in queryset}
