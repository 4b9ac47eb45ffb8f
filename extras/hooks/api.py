"""REST views of job hooks."""

from __future__ import annotations

from core.api.views import ModelViewSet
from extras.hooks.filters import JobHookFilterSet
from extras.hooks.serializers import JobHookSerializer
from extras.models import JobHook


class JobHookViewSet(ModelViewSet):
    queryset = JobHook.objects.prefetch_related("content_types")
    serializer_class = JobHookSerializer
    filterset_class = JobHookFilterSet
