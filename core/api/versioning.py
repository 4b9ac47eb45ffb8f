"""API version negotiation: `Accept: application/json; version=X` or `?api_version=X`, default 1.2.

The one place that decides which dialect answers: `dialect_of()` says whether a request is answered in
Nautobot 1.x shapes or Nautobot 2.x shapes, and `versioned()` routes a URL to the view of that dialect.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from rest_framework import exceptions
from rest_framework.utils.mediatypes import _MediaType
from rest_framework.versioning import AcceptHeaderVersioning

QUERY_PARAMETER = "api_version"
# The dialects: Nautobot 1.x's shapes, Nautobot 2.x's (also asked for as 3.x, as Nautobot 3.x does).
V1, V2 = 1, 2


def default_version() -> str:
    """The version of a request that names none (settings.API_VERSION_DEFAULT, env JOBS_API_DEFAULT_VERSION)."""
    return settings.API_VERSION_DEFAULT


def dialect(version: str | None) -> int:
    """V2 for 2.x and 3.x versions, else V1."""
    major = str(version or "").split(".")[0]
    return V2 if major.isdigit() and int(major) >= 2 else V1


def header_version(accept: str) -> str | None:
    """The `version=` parameter of the first media range of an Accept header that has one."""
    for media_range in accept.split(","):
        version = _MediaType(media_range.strip()).params.get("version")
        if version is not None:
            return version
    return None


class APIVersioning(AcceptHeaderVersioning):
    """Both sources may be used; when both are given they must agree (400 otherwise).

    An AcceptHeaderVersioning, so the schema generator knows how versions are requested.
    """

    invalid_header_message = 'Invalid version in "Accept" header.'
    invalid_query_message = "Invalid version in query parameter."

    def determine_version(self, request, *args, **kwargs):
        # Schema generation calls this with a bare request that was never content-negotiated.
        header = _MediaType(getattr(request, "accepted_media_type", None) or "").params.get("version")
        query_version = request.query_params.get(QUERY_PARAMETER)
        if header is not None and query_version is not None and header != query_version:
            raise exceptions.ParseError('Version mismatch between "Accept" header and query parameter.')
        if header is not None and not self.is_allowed_version(header):
            raise exceptions.NotAcceptable(self.invalid_header_message)
        if query_version is not None and not self.is_allowed_version(query_version):
            raise exceptions.NotFound(self.invalid_query_message)
        version = header or query_version or default_version()  # read per request: tests override it
        request._request.api_version = version
        return version


def requested_dialect(request) -> int:
    """The dialect of a Django request, read before DRF handles it. A version that is not served counts as
    V1: that view then refuses it (406/404/400) in the error shape, as every other endpoint does."""
    version = header_version(request.META.get("HTTP_ACCEPT", "")) or request.GET.get(QUERY_PARAMETER)
    if version is None:
        version = default_version()
    elif version not in settings.REST_FRAMEWORK["ALLOWED_VERSIONS"]:
        return V1
    return dialect(version)


def versioned(v1_view: Callable, v2_view: Callable) -> Callable:
    """One URL, two dialects: the request's version picks the view. The result looks like `v1_view` to
    whoever inspects the URL conf (the schema generator, the route-permission test)."""

    def view(request, *args, **kwargs):
        chosen = v2_view if requested_dialect(request) == V2 else v1_view
        return chosen(request, *args, **kwargs)

    for attribute in ("cls", "initkwargs", "actions", "csrf_exempt", "__doc__", "__name__", "__module__"):
        if hasattr(v1_view, attribute):
            setattr(view, attribute, getattr(v1_view, attribute))
    view.dialects = {V1: v1_view, V2: v2_view}
    return view


def versioned_patterns(v1_patterns: list, v2_patterns: list) -> list:
    """`v1_patterns` where each route that `v2_patterns` also names answers 2.x requests with the 2.x view."""
    v2_views = {pattern.name: pattern.callback for pattern in v2_patterns if getattr(pattern, "name", None)}
    for pattern in v1_patterns:
        name = getattr(pattern, "name", None)
        if name in v2_views:
            pattern.callback = versioned(pattern.callback, v2_views[name])
    return v1_patterns
