"""Records the changes of each HTTP request (UI, REST API, admin) under the request's id, written at its end."""

from __future__ import annotations

import logging
import uuid

from extras.changes.recording import ChangeContext, recording
from extras.choices import ChangeContextChoices

logger = logging.getLogger(__name__)


class ChangeLoggingMiddleware:
    """Every change a request makes is recorded with its user and `request.id` (core.middleware sets it).

    The rows are written as each of the request's transactions commits (a save outside a transaction
    commits at once), and whatever is left once the view has answered; what was rolled back leaves no
    row. A failure to write them is logged, never turned into an error page for a change that did happen.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path_info.startswith("/api/")
        context = ChangeContext(
            request_id=getattr(request, "id", None) or uuid.uuid4(),
            source=ChangeContextChoices.CONTEXT_API if api else ChangeContextChoices.CONTEXT_WEB,
            detail=f"{request.method} {request.path}",
            # DRF authenticates tokens inside the view and sets the user on the request then.
            user=lambda: getattr(request, "user", None),
        )
        with recording(context, flush_on_commit=True) as recorder:
            try:
                return self.get_response(request)
            finally:
                if recorder.touched:
                    try:
                        recorder.flush()
                    except Exception:
                        logger.exception("Could not write the change log of request %s", context.request_id)
