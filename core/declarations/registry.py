"""The registry of declared models: one declaration per model, found by class or by "app_label.model".

`Declaration` says what the building rules (columns, filtersets, forms, serializers, pages, api, admin) and the
rest of the platform read of a declaration. `core.declarations.declaration.Declaration` gives it; the rules
sit below that class (it builds its parts with them), so they know a declaration by this protocol alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from django.db.models import Model, QuerySet


class Declaration(Protocol):
    """One declared model: the options it was declared with, and the parts built from them on first use."""

    model: type[Model]
    queryset: QuerySet
    api_queryset: QuerySet
    path: str
    detail: Sequence[Any]
    related: list[Any]
    list_filters: Sequence[str]
    search_fields: Sequence[str]
    form_fields: Sequence[str]
    api_fields: Sequence[str]
    api_extra: Mapping[str, Any]
    brief_fields: Sequence[str]
    serializer_base: type | None
    nested_base: type | None
    viewset_base: type | None
    searchable: bool
    views: Mapping[str, type]

    @property
    def label(self) -> str: ...
    @property
    def table(self) -> type: ...
    @property
    def filterset(self) -> type: ...
    @property
    def form(self) -> type | None: ...
    @property
    def bulk_edit_form(self) -> type: ...
    @property
    def serializer(self) -> type: ...
    @property
    def nested_serializer(self) -> type: ...
    @property
    def viewset(self) -> type: ...
    @property
    def routes(self) -> Any: ...
    @property
    def admin(self) -> type: ...


_declarations: dict[str, Declaration] = {}


def label_of(model: type[Model] | Model | str) -> str:
    """`dcim.site` for Site, a Site, "dcim.Site" or "dcim.site"."""
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def register(declaration: Declaration) -> None:
    """Add a declaration; declaring a model twice is a mistake (two modules would fight over its pages)."""
    label = label_of(declaration.model)
    if label in _declarations and _declarations[label] is not declaration:
        raise ValueError(f"{label} is declared twice.")
    _declarations[label] = declaration


def declaration_for(model: type[Model] | Model | str) -> Declaration:
    """The declaration of a model; a LookupError names the model when it has none."""
    try:
        return _declarations[label_of(model)]
    except KeyError:
        raise LookupError(f"{label_of(model)} has no declaration (see core/declarations).") from None


def is_declared(model: type[Model] | Model | str) -> bool:
    return label_of(model) in _declarations


def declarations(app_label: str | None = None) -> list[Declaration]:
    """Every declaration (of one app), in the order they were made: menu and API root follow it."""
    return [
        declaration
        for declaration in _declarations.values()
        if app_label is None or declaration.model._meta.app_label == app_label
    ]
