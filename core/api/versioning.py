"""API version negotiation: `Accept: application/json; version=X` or `?api_version=X`, default 1.2."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.utils.mediatypes import _MediaType
from rest_framework.versioning import AcceptHeaderVersioning


class APIVersioning(AcceptHeaderVersioning):
    """Both sources may be used; when both are given they must agree (400 otherwise).

    An AcceptHeaderVersioning, so the schema generator knows how versions are requested.
    """

    invalid_header_message = 'Invalid version in "Accept" header.'
    invalid_query_message = "Invalid version in query parameter."

    def determine_version(self, request, *args, **kwargs):
        # Schema generation calls this with a bare request that was never content-negotiated.
        header_version = _MediaType(getattr(request, "accepted_media_type", None) or "").params.get("version")
        query_version = request.query_params.get("api_version")
        if header_version is not None and query_version is not None and header_version != query_version:
            raise exceptions.ParseError('Version mismatch between "Accept" header and query parameter.')
        if header_version is not None and not self.is_allowed_version(header_version):
            raise exceptions.NotAcceptable(self.invalid_header_message)
        if query_version is not None and not self.is_allowed_version(query_version):
            raise exceptions.NotFound(self.invalid_query_message)
        version = header_version or query_version or self.default_version
        request._request.api_version = version
        return version
