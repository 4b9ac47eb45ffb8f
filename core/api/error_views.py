"""Django's error views, answering under /api/ with the API's error body instead of an HTML page.

They serve what never reaches a DRF view: an unknown URL under /api/ (404), a request Django itself
refuses (400, e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE), a PermissionDenied outside DRF (403).
Every other path gets Django's own page. A database that cannot be reached is a 503 with `Retry-After` on
every path (the API's error body, or a plain page that needs no database), wherever it was noticed:
loading the session in a middleware, or in a view.
"""

from __future__ import annotations

import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from rest_framework import exceptions

from core.api.errors import error_body
from core.database_unavailable import DETAIL, RETRY_AFTER_SECONDS, database_unavailable


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def bad_request(request, exception, template_name=defaults.ERROR_400_TEMPLATE_NAME):
    if _is_api(request):
        # Not the exception's text: it may describe the server's limits or internals.
        return JsonResponse(error_body("Bad request."), status=400)
    return defaults.bad_request(request, exception, template_name)


def permission_denied(request, exception, template_name=defaults.ERROR_403_TEMPLATE_NAME):
    if _is_api(request):
        detail = str(exception) or exceptions.PermissionDenied.default_detail
        return JsonResponse(error_body(detail), status=403)
    return defaults.permission_denied(request, exception, template_name)


def page_not_found(request, exception, template_name=defaults.ERROR_404_TEMPLATE_NAME):
    if _is_api(request):
        return JsonResponse(error_body(exceptions.NotFound.default_detail), status=404)
    return defaults.page_not_found(request, exception, template_name)


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """Django calls it while handling the uncaught exception, so `sys.exc_info()` names the cause."""
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    return defaults.server_error(request, template_name)


def database_unavailable_response(request) -> HttpResponse:
    if _is_api(request):
        response = JsonResponse(error_body(DETAIL), status=503)
    else:  # rendered without the request: the page's usual context (the menu, the user) needs the database
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
