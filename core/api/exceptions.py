"""API exception handler: DRF's, answering every refusal with the one error body of core/api/errors.py.

Django's Http404 and PermissionDenied are DRF's; ProtectedError/IntegrityError are a 409 instead of a 500; a
body the client stopped sending is a 400; a database that cannot be reached (restarting) is a 503 with
`Retry-After`; a service's Refusal (core/refusals.py) answers with the status it carries.
DRF's handler still sets the status, the headers (`WWW-Authenticate`, `Retry-After`) and the rollback.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, UnreadablePostError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.errors import APIError, Conflict, ServiceUnavailable, body_for_exception
from core.database_unavailable import DETAIL, RETRY_AFTER_SECONDS, database_unavailable
from core.refusals import Refusal


def as_api_exception(exc: Exception) -> Exception:
    """The DRF exception that answers `exc`; `exc` itself when DRF does not answer it (a 500)."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, ProtectedError | RestrictedError):
        objects = ", ".join(sorted(str(obj) for obj in list(exc.args[1])[:10]))
        return Conflict(f"Unable to delete: other objects depend on it ({objects}).")
    if isinstance(exc, IntegrityError):
        return Conflict(f"Conflict: {exc}")
    if isinstance(exc, Refusal):
        return APIError(exc.message, exc.status_code, exc.field_errors())
    if isinstance(exc, UnreadablePostError):  # the client stopped sending its body (gunicorn_worker.py)
        return exceptions.ParseError(f"The request body could not be read: {exc}.")
    if database_unavailable(exc):
        unavailable = ServiceUnavailable(DETAIL)
        unavailable.wait = RETRY_AFTER_SECONDS  # DRF's handler turns it into Retry-After
        return unavailable
    return exc


def exception_handler(exc, context):
    exc = as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = body_for_exception(exc)
    return response
