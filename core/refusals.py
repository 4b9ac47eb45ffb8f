"""Refusal: the base of every error a service raises to refuse a request, carrying its HTTP status.

A service (submit_job(), a sync, an approval) knows why it refuses — bad input, a conflict, a broker or
worker that is not there — and so which status answers it; the API's exception handler
(core/api/exceptions.py) turns any Refusal into the one error body with that status, so no view maps
them by hand. Pages and commands catch them to show the message their own way.
"""

from __future__ import annotations


class Refusal(Exception):
    """A refused request: `message` for people, `status_code` for HTTP, `field` when one input is at fault."""

    status_code: int = 400
    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field or self.field

    def field_errors(self) -> dict[str, list[str]]:
        """The field messages of the error body: the field at fault, or none."""
        return {self.field: [self.message]} if self.field else {}


class Unavailable(Refusal):
    """A part the request needs (the broker, a worker) is not there: 503, the client may try again. No input is
    at fault, so the error body names no field (a page may still show the message beside `field`)."""

    status_code = 503

    def field_errors(self) -> dict[str, list[str]]:
        return {}
