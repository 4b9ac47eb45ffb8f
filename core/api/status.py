"""GET /api/status/: versions of the platform and its parts, and the live Celery workers per queue."""

from __future__ import annotations

import platform
from importlib.metadata import version

import django
import rest_framework
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

import jobsplatform


class StatusView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(
            {
                "django-version": django.get_version(),
                "python-version": platform.python_version(),
                "jobsplatform-version": getattr(jobsplatform, "__version__", "0.1.0"),
                "celery-version": version("celery"),
                "rest-framework-version": rest_framework.VERSION,
                "installed-apps": {app: "" for app in settings.INSTALLED_APPS if "." not in app},
                "api-version": settings.API_VERSION,
                **worker_status(),
            }
        )


def worker_status() -> dict:
    """Read from worker heartbeats (one query), not a broadcast that waits for answers."""
    from extras.engine.reaper import live_workers

    workers = live_workers()
    queues: dict[str, int] = {}
    for worker in workers:
        for queue in worker.queues:
            queues[queue] = queues.get(queue, 0) + 1
    return {
        "celery-workers-running": len(workers),
        "celery-workers-per-queue": dict(sorted(queues.items())),
        "rq-workers-running": 0,
    }
