"""The API's filter backend: django-filter's, strict about names, with its 400 built from the messages as the
form renders them.

A list given a parameter it does not know answers 400 naming it (as Nautobot 2.x's STRICT_FILTERING): ignoring
it returns the whole table, and a script that filters before a bulk edit would edit everything.
`STRICT_FILTERING=false` relaxes it.

django-filter rebuilds each message with `message % params`, which raises TypeError (a 500) for a message that
holds a literal "%" and no params, for example one quoting the value a client sent.
"""

from __future__ import annotations

from django.conf import settings
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers

from core.api.versioning import QUERY_PARAMETER

# Read by pagination, rendering, versioning or the serializers, not by a filter set; the last three are
# sent by pynautobot and pynetbox (`exclude=config_context`) and change nothing here.
KNOWN_PARAMETERS = frozenset(
    {"limit", "offset", "brief", "ordering", "fields", "omit", "depth", "format", QUERY_PARAMETER}
    | {"exclude_m2m", "include", "exclude"}
)


def unknown_parameters(params, filterset, view) -> list[str]:
    """`view.query_parameters` names what the view (or its paginator) reads itself, e.g. `after`; a filter set
    may take parameters it does not list (`filterset.known_parameter(name)`, e.g. `cf_<name>`)."""
    known = KNOWN_PARAMETERS | set(getattr(view, "query_parameters", ()))
    extra = getattr(filterset, "known_parameter", lambda name: False)
    return [
        name for name in params if name not in filterset.filters and name not in known and not extra(name)
    ]


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if settings.STRICT_FILTERING and getattr(view, "action", None) == "list":
            unknown = unknown_parameters(request.query_params, filterset, view)
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown filter parameter: no filter of this name exists."] for name in unknown}
                )
        if not filterset.is_valid() and self.raise_exception:
            # An ErrorList yields each message already formatted with its params.
            raise serializers.ValidationError(
                {name: list(errors) for name, errors in filterset.errors.items()}
            )
        return filterset.qs
