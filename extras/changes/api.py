"""REST views of the change log (`/api/extras/object-changes/`, read-only) and of a run's change set."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework.exceptions import MethodNotAllowed

from core.api.errors import APIError
from core.api.views import ReadOnlyModelViewSet
from extras.changes.filters import ObjectChangeFilterSet
from extras.changes.review import ReviewError
from extras.changes.selectors import object_changes, of_viewable_objects
from extras.changes.serializers import ObjectChangeSerializer
from extras.models import ObjectChange


class ObjectChangeViewSet(ReadOnlyModelViewSet):
    """Every recorded change the user may view (`extras.view_objectchange`, with its constraints), newest first."""

    queryset = object_changes(ObjectChange.objects.all())
    serializer_class = ObjectChangeSerializer
    filterset_class = ObjectChangeFilterSet

    def get_queryset(self) -> QuerySet:
        return of_viewable_objects(super().get_queryset(), self.request.user).order_by("-time", "pk")


def review_refusal(error: ReviewError) -> Exception:
    """The API's answer to a refused commit of reviewed changes."""
    if error.status == 405:
        return MethodNotAllowed("POST", detail=error.message)
    return APIError(error.message, error.status)
