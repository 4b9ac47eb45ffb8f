"""The difference a change made, field by field, as the change pages show it side by side."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"


@dataclass(frozen=True)
class FieldDifference:
    name: str
    kind: str  # added, removed, changed or same
    before: Any
    after: Any

    @property
    def before_text(self) -> str:
        return value_text(self.before) if self.kind != ADDED else ""

    @property
    def after_text(self) -> str:
        return value_text(self.after) if self.kind != REMOVED else ""


def field_differences(
    before: dict | None, after: dict | None, *, unchanged: bool = False
) -> list[FieldDifference]:
    """Each field of the object, in the order the API gives them: added (a creation, or a new key),
    removed (a deletion), changed; and, with `unchanged`, the ones left alone."""
    before, after = before or {}, after or {}
    names = list(after) + [name for name in before if name not in after]
    differences = []
    for name in names:
        if name not in before:
            kind = ADDED
        elif name not in after:
            kind = REMOVED
        elif before[name] != after[name]:
            kind = CHANGED
        else:
            kind = SAME
        if kind != SAME or unchanged:
            differences.append(FieldDifference(name, kind, before.get(name), after.get(name)))
    return differences


def value_text(value: Any) -> str:
    """A recorded value as a person reads it: a related object by its name, a choice by its label."""
    if value is None:
        return "—"
    if value == "":
        return "(empty)"
    if isinstance(value, dict):
        if "display" in value:
            return str(value["display"])
        if set(value) == {"value", "label"}:
            return str(value["label"])
        return json.dumps(value, sort_keys=True)
    if isinstance(value, list):
        return ", ".join(value_text(item) for item in value) or "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)
