"""Finding the model field a declared name or path stands for (`site`, `device.site`, `device__site`)."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field, Model


def field_at(model: type[Model], path: str, separator: str = "__") -> Field | None:
    """The field `path` ends on, walking relations; None when a step is not a field (a property, say)."""
    field = None
    for part in path.split(separator):
        if field is not None:
            if not field.is_relation or field.related_model is None:
                return None
            model = field.related_model
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
    return field


def is_foreign_key(field: Field | None) -> bool:
    """A forward relation to one object (ForeignKey, OneToOneField), which nests, links and filters by id."""
    return field is not None and field.concrete and (field.many_to_one or field.one_to_one)


def has_field(model: type[Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def sort_field(model: type[Model]) -> str:
    """The field a model's rows are named and sorted by: its first plain ordering field (`name`, `model`)."""
    for entry in model._meta.ordering:
        name = str(entry).lstrip("-")
        if "__" not in name and has_field(model, name):
            return name
    return "pk"
