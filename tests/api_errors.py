"""`assert_error_shape`: an API refusal has the one error body, {"detail": "<sentence>", "errors": {...}}."""

from __future__ import annotations

import json

import pytest

from tests.api_base import assert_status


def _fail(response, reason: str) -> None:
    try:
        body = json.dumps(response.json(), indent=2, default=str)
    except ValueError:
        body = response.content.decode(errors="replace")[:2000]
    pytest.fail(f"{reason}; HTTP {response.status_code}:\n{body}")


def assert_error_shape(
    response, status: int, fields: list[str] | None = None, detail: str | None = None
) -> dict:
    """Assert the status and the error body; `fields` are the exact keys of `errors` (`[]`: none).

    Returns the body, so a test can go on to check messages.
    """
    assert_status(response, status)
    if not response.get("Content-Type", "").startswith("application/json"):
        _fail(response, f"not JSON but {response.get('Content-Type')!r}")
    body = response.json()
    if not isinstance(body, dict) or set(body) != {"detail", "errors"}:
        _fail(response, 'the body is not {"detail": ..., "errors": ...}')
    if not isinstance(body["detail"], str) or not body["detail"]:
        _fail(response, "`detail` is not a non-empty string")
    errors = body["errors"]
    if not isinstance(errors, dict) or not all(
        isinstance(messages, list) and messages and all(isinstance(m, str) and m for m in messages)
        for messages in errors.values()
    ):
        _fail(response, "`errors` is not a mapping of field names to lists of messages")
    if fields is not None and sorted(errors) != sorted(fields):
        _fail(response, f"`errors` names {sorted(errors)}, expected {sorted(fields)}")
    if detail is not None and body["detail"] != detail:
        _fail(response, f"`detail` is not {detail!r}")
    return body
