"""What the suite every declared model passes needs: the declared models, objects made by their factories,
a request body that recreates an object from its API representation, filter values read off an object."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import CharField, Model

from core.declarations import ModelDeclaration, declarations
from core.declarations.fields import field_at, has_field, is_foreign_key
from tests.factories import factory_for


def every_declaration() -> list:
    """Parameters of the generic tests: one per declared model, named by its label."""
    return [pytest.param(declaration, id=declaration.label) for declaration in declarations()]


def make(declaration: ModelDeclaration, count: int = 1) -> list[Model]:
    return list(factory_for(declaration.model).create_batch(count))


def plain(value: Any) -> Any:
    """An API value as a client writes it back: a related object by id, a choice by value."""
    if isinstance(value, dict):
        return value.get("id", value.get("value"))
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


# Values written back as they were read: mappings that are not related objects.
AS_READ = {"custom_fields", "default", "choices"}


def writable_payload(declaration: ModelDeclaration, data: dict) -> dict:
    """The writable fields of an object's representation, as a create request would send them."""
    fields = declaration.serializer().fields
    return {
        name: data[name] if name in AS_READ else plain(data[name])
        for name, field in fields.items()
        if not field.read_only and name in data
    }


def filter_values(declaration: ModelDeclaration, obj: Model) -> dict[str, str]:
    """A value for each filter the declared names give, read off `obj` so that it matches it."""
    values = {}
    for spec in declaration.filters:
        name, _, path = spec.partition("=")
        path = path or name
        field = field_at(declaration.model, path)
        value = _walk(obj, path)
        if value is None or value == "":
            continue
        if is_foreign_key(field):
            values[f"{name}_id"] = str(value.pk)
            if has_field(field.related_model, "slug"):
                values[name] = value.slug
            elif has_field(field.related_model, "name"):
                values[name] = value.name
        elif isinstance(value, bool):
            values[name] = "true" if value else "false"
        else:
            values[name] = str(value)
    return values


def _walk(obj: Model, path: str) -> Any:
    value: Any = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def searchable_object(declaration: ModelDeclaration) -> tuple[Model, str]:
    """An object and a word its search must find it by: the first search field of the model's own that
    holds text is set to a word no other object has."""
    term = "zqxfindme"
    for path in declaration.search_fields:
        field = field_at(declaration.model, path)
        if "__" not in path and isinstance(field, CharField) and not field.choices:
            return factory_for(declaration.model)(**{path: term}), term
    obj = make(declaration)[0]
    return obj, next(value for path in declaration.search_fields if (value := _walk(obj, path)))
