"""REST views of job buttons."""

from __future__ import annotations

from core.api.views import ModelViewSet
from extras.buttons.filters import JobButtonFilterSet
from extras.buttons.serializers import JobButtonSerializer
from extras.models import JobButton


class JobButtonViewSet(ModelViewSet):
    queryset = JobButton.objects.prefetch_related("content_types")
    serializer_class = JobButtonSerializer
    filterset_class = JobButtonFilterSet
