"""GET /api/status/: versions of the platform and its parts (workers per queue arrive with the engine)."""

from __future__ import annotations

import platform

import celery
import django
import rest_framework
from django.conf import settings
from rest_framework.response import Response
from rest_framework.views import APIView

import jobsplatform


class StatusView(APIView):
    def get(self, request):
        return Response(
            {
                "django-version": django.get_version(),
                "python-version": platform.python_version(),
                "jobsplatform-version": getattr(jobsplatform, "__version__", "0.1.0"),
                "celery-version": celery.__version__,
                "rest-framework-version": rest_framework.VERSION,
                "installed-apps": {app: "" for app in settings.INSTALLED_APPS if "." not in app},
                "api-version": settings.API_VERSION,
            }
        )
