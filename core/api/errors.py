"""The one body of every API refusal, `{"detail": "<sentence>", "errors": {"<field>": ["<message>", ...]}}`.

`detail` is always a sentence (DRF's own for 403/404/405/…, so clients that read it keep working).
`errors` is always present: for input that failed validation it names each field at fault, flat
(`schedule.interval` for a nested serializer, `tags.0` for a list item; a message about no single
field is under `non_field_errors`, or under its parent field when nested); for any other refusal
(authentication, permission, not found, method, conflict, unavailable) it is `{}`.

core/api/exceptions.py builds the body for every exception a view raises; a view with its own refusal
raises `APIError` (or a DRF exception) rather than building a Response by hand.
"""

from __future__ import annotations

from collections.abc import Mapping

from rest_framework import exceptions, status
from rest_framework.settings import api_settings

NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"
DJANGO_NON_FIELD_ERRORS = "__all__"


def error_body(detail: str, errors: Mapping[str, list[str]] | None = None) -> dict:
    """The error body: a sentence, and the field messages (`{}` when no field is at fault)."""
    return {
        "detail": str(detail),
        "errors": {name: [str(m) for m in messages] for name, messages in (errors or {}).items()},
    }


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested `ValidationError.detail` (dicts, lists, strings) as `{"a.b.0": [messages]}`."""
    flat: dict[str, list[str]] = {}
    _flatten_into(flat, detail, prefix)
    return flat


def _flatten_into(flat: dict[str, list[str]], detail, prefix: str) -> None:
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            key = str(key)
            if key in (NON_FIELD_ERRORS, DJANGO_NON_FIELD_ERRORS):
                name = prefix  # a nested serializer's own messages belong to the field that holds it
            else:
                name = f"{prefix}.{key}" if prefix else key
            _flatten_into(flat, value, name)
    elif isinstance(detail, list | tuple):
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list | tuple):  # a list field's items, by index
                _flatten_into(flat, item, f"{prefix}.{index}" if prefix else str(index))
            else:
                flat.setdefault(prefix or NON_FIELD_ERRORS, []).append(str(item))
    else:
        flat.setdefault(prefix or NON_FIELD_ERRORS, []).append(str(detail))


def summarise_errors(errors: Mapping[str, list[str]]) -> str:
    """One sentence for `detail`: the message itself when there is one, else the fields at fault."""
    messages = [(name, message) for name, field_messages in errors.items() for message in field_messages]
    if len(messages) == 1:
        name, message = messages[0]
        return message if name == NON_FIELD_ERRORS else f"{name}: {message}"
    names = [name for name in errors if name != NON_FIELD_ERRORS]
    if names:
        return f"Invalid input in {', '.join(names)}."
    if messages:
        return " ".join(message for _, message in messages)
    return "Invalid input."


def body_for_exception(exc: exceptions.APIException) -> dict:
    """The error body of a DRF exception: field messages flattened, or the exception's sentence."""
    detail = exc.detail
    if isinstance(exc, exceptions.ValidationError) or isinstance(detail, dict | list):
        errors = flatten_errors(detail)
        return error_body(summarise_errors(errors), errors)
    return error_body(detail, getattr(exc, "errors", None))


class APIError(exceptions.APIException):
    """A refusal with the status and sentence an engine error carries (an approval's 403, an idempotency 409…)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "error"

    def __init__(self, detail: str, status_code: int | None = None, errors: dict | None = None):
        super().__init__(detail)
        if status_code is not None:
            self.status_code = status_code
        self.errors = errors or {}


class Conflict(APIError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class ServiceUnavailable(APIError):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "service_unavailable"
