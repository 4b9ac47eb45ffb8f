"""GET /api/status/: versions of the platform and its parts, and what the apps add (the jobs app: its live
Celery workers per queue, registered at start-up so that core imports no app above it)."""

from __future__ import annotations

import platform
from collections.abc import Callable
from importlib.metadata import version

import django
import rest_framework
from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

import jobsplatform

StatusPart = Callable[[], dict]
_parts: list[StatusPart] = []


def register_status(part: StatusPart) -> None:
    """Add a function whose dict is merged into the status body (called at every request)."""
    if part not in _parts:
        _parts.append(part)


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
                **{key: value for part in _parts for key, value in part().items()},
            }
        )
