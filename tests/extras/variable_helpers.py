"""Helpers for the variable tests: clean a raw value as it arrives from a form, the API or the CLI."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

JSON_SOURCES = ["api", "cli"]
ALL_SOURCES = ["form", "api", "cli"]


def named(variable, name="value"):
    variable.name = name
    return variable


def form_data(**values) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def clean(variable, raw, source):
    """Clean `raw` as it arrives from `source`: through the widget for a form post, as JSON otherwise."""
    named(variable)
    if source == "form":
        data = form_data() if raw is None else form_data(value=raw)
        return variable.clean(variable.value_from_data(data, {}, "form"), "form")
    return variable.clean(variable.value_from_data({} if raw is None else {"value": raw}, {}, source), source)


def messages(variable, raw, source="api") -> list[str]:
    with pytest.raises(ValidationError) as raised:
        clean(variable, raw, source)
    return raised.value.messages
