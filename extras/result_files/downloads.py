"""The answer to a download: the file's bytes as an attachment, in a content type a browser never renders."""

from __future__ import annotations

import mimetypes

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from extras.models import FileProxy

OPAQUE = "application/octet-stream"
# Types a browser would run or render as a page (scripts inside): always sent as opaque bytes.
ACTIVE_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/javascript",
        "application/javascript",
        "application/pdf",
    }
)


def content_type_for(name: str) -> str:
    """The type guessed from the name's extension, or application/octet-stream for active or unknown types."""
    guessed, encoding = mimetypes.guess_type(name, strict=False)
    if guessed is None or encoding is not None or guessed in ACTIVE_TYPES:
        return OPAQUE
    return guessed


def download_response(stored: FileProxy) -> HttpResponse:
    """`Content-Disposition: attachment` and `nosniff`, so even HTML or SVG content is saved, never shown."""
    response = HttpResponse(bytes(stored.content), content_type=content_type_for(stored.name))
    response["Content-Disposition"] = content_disposition_header(True, stored.name)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
