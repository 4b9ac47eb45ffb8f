"""Request middleware: a request id, login required for every page, and the API-Version header on API responses."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


class RequestIDMiddleware:
    """Give every request an id (`request.id`, answered as `X-Request-ID`): its changes share it in the
    change log, and a job it starts sees it as `self.request.id`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        response = self.get_response(request)
        response["X-Request-ID"] = str(request.id)
        return response


class LoginRequiredMiddleware:
    """Send anonymous users to the login page for every UI path; the API answers for itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.exempt = tuple(settings.LOGIN_EXEMPT_PREFIXES)

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path_info.startswith(self.exempt):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class APIVersionMiddleware:
    """Stamp `API-Version` on every response under /api/, including errors raised before a view ran."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/api/") and not response.has_header("API-Version"):
            response["API-Version"] = getattr(request, "api_version", None) or settings.API_VERSION_DEFAULT
        return response
