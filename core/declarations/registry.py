"""The registry of declared models: one ModelDeclaration per model, found by class or by "app_label.model"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Model

if TYPE_CHECKING:
    from core.declarations.declaration import ModelDeclaration

_declarations: dict[str, ModelDeclaration] = {}


def label_of(model: type[Model] | Model | str) -> str:
    """`dcim.site` for Site, a Site, "dcim.Site" or "dcim.site"."""
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def register(declaration: ModelDeclaration) -> None:
    """Add a declaration; declaring a model twice is a mistake (two modules would fight over its pages)."""
    label = label_of(declaration.model)
    if label in _declarations and _declarations[label] is not declaration:
        raise ValueError(f"{label} is declared twice.")
    _declarations[label] = declaration


def declaration_for(model: type[Model] | Model | str) -> ModelDeclaration:
    """The declaration of a model; a LookupError names the model when it has none."""
    try:
        return _declarations[label_of(model)]
    except KeyError:
        raise LookupError(f"{label_of(model)} has no declaration (see core/declarations).") from None


def is_declared(model: type[Model] | Model | str) -> bool:
    return label_of(model) in _declarations


def declarations(app_label: str | None = None) -> list[ModelDeclaration]:
    """Every declaration (of one app), in the order they were made: menu and API root follow it."""
    return [
        declaration
        for declaration in _declarations.values()
        if app_label is None or declaration.model._meta.app_label == app_label
    ]
