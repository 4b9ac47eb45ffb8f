"""`nautobot.dcim.filters`: `<Model>FilterSet` of each declared dcim model (see filters.py)."""

from __future__ import annotations

from extras.compat.nautobot.filters import filterset_named


def __getattr__(name: str):
    return filterset_named("dcim", name)
