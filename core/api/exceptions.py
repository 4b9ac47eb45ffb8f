"""API exception handler: DRF's, plus Django ProtectedError/IntegrityError as 409 instead of a 500."""

from __future__ import annotations

from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, ProtectedError | RestrictedError):
        objects = ", ".join(sorted(str(obj) for obj in list(exc.args[1])[:10]))
        detail = f"Unable to delete: other objects depend on it ({objects})."
        return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        return Response({"detail": f"Conflict: {exc}"}, status=status.HTTP_409_CONFLICT)
    return None
