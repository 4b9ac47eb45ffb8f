"""The `job` of a job button or job hook in the API: a job the requester may view (any other "does not
exist", 400) and may run (403 naming `job` otherwise), on create and on every edit (extras/engine/run_permission.py)."""

from __future__ import annotations

from rest_framework import serializers

from core.api.errors import APIError
from core.permissions import restrict_queryset
from extras.engine.run_permission import run_refusal
from extras.models import Job


class ViewableJobField(serializers.PrimaryKeyRelatedField):
    """A job by id, among the jobs the requesting user may view, so a hidden job's existence never shows."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Job.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset if request is None else restrict_queryset(queryset, request.user, "view")


def refuse_unless_runnable(context: dict, job: Job | None) -> None:
    """Raise a 403 naming `job` when the requester may not run it (no request, as in internal use: no check)."""
    request = context.get("request")
    if request is None:
        return
    refusal = run_refusal(request.user, job)
    if refusal is not None:
        raise APIError(refusal, status_code=403, errors={"job": [refusal]})
