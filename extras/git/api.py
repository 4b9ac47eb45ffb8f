"""REST views of Git repositories: CRUD (a change of source re-syncs) and `POST …/<id>/sync/`."""

from __future__ import annotations

from django.db import transaction
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.views import ModelViewSet
from extras.api.nested_serializers import NestedJobResultSerializer
from extras.git.filters import GitRepositoryFilterSet
from extras.git.serializers import GitRepositorySerializer
from extras.git.sync import enqueue_sync
from extras.models import GitRepository


class GitRepositoryViewSet(ModelViewSet):
    queryset = GitRepository.objects.select_related("last_sync_result__user")
    serializer_class = GitRepositorySerializer
    filterset_class = GitRepositoryFilterSet

    @property
    def permission_action_override(self) -> str | None:
        return "change" if self.action == "sync" else None

    def get_queryset(self):
        if self.action == "sync":
            return self.queryset.restrict(self.request.user, "change")
        return super().get_queryset()

    # Like the reference: a new repository, or a change of where its code comes from, syncs at once. The
    # sync is sent after the save commits; if the broker refuses it the result ends errored with the
    # reason (and the response shows that status), while the saved change stands.
    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            enqueue_sync(serializer.instance, user=self.request.user, require_worker=False)

    def perform_update(self, serializer):
        with transaction.atomic():
            super().perform_update(serializer)
            if serializer.change.needs_sync:
                enqueue_sync(serializer.instance, user=self.request.user, require_worker=False)

    @action(detail=True, methods=["post"])
    def sync(self, request, pk=None):
        repository = self.get_object()
        # Outside a transaction: sent at once, so a broker that refuses it is a 503 and leaves no result.
        result = enqueue_sync(repository, user=request.user)
        return Response(
            {
                "message": f"Repository {repository} sync job added to queue.",
                "job_result": NestedJobResultSerializer(result, context={"request": request}).data,
            }
        )
