"""factory_boy factories, one module per app; `factory_for(model)` finds a model's factory in any of them."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import factory
from django.db.models import Model


@cache
def _factories() -> dict[type[Model], type[factory.django.DjangoModelFactory]]:
    """The first concrete factory of each model, across every module of this package."""
    found: dict = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
                and not value._meta.abstract
            ):
                found.setdefault(value._meta.model, value)
    return found


def factory_for(model: type[Model]) -> type[factory.django.DjangoModelFactory]:
    """The factory of `model`; a declared model without one fails here, naming what to add."""
    try:
        return _factories()[model]
    except KeyError:
        raise LookupError(
            f"No factory for {model._meta.label}: add a {model.__name__}Factory to "
            f"tests/factories/{model._meta.app_label}.py"
        ) from None
