"""Naming rules shared by the jobs of this repository."""

import re

VALID_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def prefixed(prefix: str, name: str) -> str:
    """The device name with the prefix put before it once."""
    return name if name.startswith(prefix) else f"{prefix}{name}"


def is_valid(name: str) -> bool:
    return bool(VALID_NAME.match(name))
