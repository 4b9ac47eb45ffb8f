"""The API's filter backend: django-filter's, with its 400 built from the messages as the form renders them.

django-filter rebuilds each message with `message % params`, which raises TypeError (a 500) for a
message that holds a literal "%" and no params, for example one quoting the value a client sent.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            # An ErrorList yields each message already formatted with its params.
            raise serializers.ValidationError(
                {name: list(errors) for name, errors in filterset.errors.items()}
            )
        return filterset.qs
