"""UUID helpers: telling a primary key apart from a name or slug given in the same place."""

from __future__ import annotations

import uuid


def is_uuid(value: object) -> bool:
    """Whether `value` reads as a UUID (a pk), as opposed to a slug, name or class path."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def split_ids(values: list[str]) -> tuple[list[uuid.UUID], list[str]]:
    """Separate UUIDs (pks) from other identifiers (slugs, usernames) given in one repeated parameter."""
    ids, others = [], []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            others.append(value)
    return ids, others
