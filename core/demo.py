"""The demo inventory's loaders: each app's `demo` module registers one, and `load_demo_data` runs them.

A loader receives a DemoLoader, whose `get_or_create()` makes a run idempotent (an object already there,
found by the lookups given, is left alone) and counts what it created.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model

Loader = Callable[["DemoLoader"], None]
_loaders: list[Loader] = []


def register_demo(loader: Loader) -> Loader:
    """Add a loader (usable as a decorator); apps' loaders run in INSTALLED_APPS order."""
    if loader not in _loaders:
        _loaders.append(loader)
    return loader


def demo_loaders() -> list[Loader]:
    return list(_loaders)


class DemoLoader:
    """What loaders share: idempotent creation and the count of objects created."""

    def __init__(self) -> None:
        self.created = 0

    def get_or_create(
        self, model: type[Model], defaults: dict[str, Any] | None = None, **lookups: Any
    ) -> Model:
        obj = model.objects.filter(**lookups).first()
        if obj is None:
            obj = model(**lookups, **(defaults or {}))
            obj.validated_save()
            self.created += 1
        return obj

    def save(self, obj: Model) -> Model:
        """Create an object no lookup can find first (a cable between two ports, say)."""
        obj.validated_save()
        self.created += 1
        return obj
