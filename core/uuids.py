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
