"""The UI side of a declaration: related lists and panels by name, and the model's route bundle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db.models import Model
from django.urls import URLPattern

from core.declarations import extras_ui
from core.declarations.columns import build_columns
from core.declarations.registry import Declaration, declaration_for, declarations
from core.routing import ObjectRoutes, build_urls
from core.tables import Column
from core.views import ObjectListView, Panel, RelatedList


@dataclass(frozen=True)
class Related:
    """A table on a detail page of another declared model's objects pointing at the object shown.

    `model` names it ("dcim.device"); `field` is the relation to the object ("site", or a path such as
    "assigned_interface__device"), or a function of the object giving the filter keywords. The table,
    queryset and list filter come from that model's declaration; "Show all" links to its list filtered by
    `filter_param` (default `<field>_id` for a plain relation, none for a path or a function) set to the
    object's pk, or to `filter_value(object)`.
    """

    title: str
    model: str
    field: str | Callable[[Model], dict]
    filter_param: str | None = ""
    filter_value: Callable[[Model], object] | None = None

    def resolve(self) -> RelatedList:
        declaration = declaration_for(self.model)
        param = self.filter_param
        if param == "":
            param = f"{self.field}_id" if isinstance(self.field, str) and "__" not in self.field else None
        return RelatedList(
            self.title, declaration.queryset, self.field, declaration.table, param, self.filter_value
        )


@dataclass(frozen=True)
class DeclaredPanel:
    """A titled card of fields on the detail page, named as list columns are."""

    title: str
    columns: Sequence[str | Column]


def build_panels(
    model: type[Model], specs: Sequence[str | Column | DeclaredPanel]
) -> tuple[tuple[Column, ...], list[Panel]]:
    """The first card's columns (the loose names, in order) and the titled cards after it."""
    loose = [spec for spec in specs if not isinstance(spec, DeclaredPanel)]
    panels = [
        Panel(spec.title, build_columns(model, spec.columns))
        for spec in specs
        if isinstance(spec, DeclaredPanel)
    ]
    return build_columns(model, loose), panels


def build_routes(declaration: Declaration) -> ObjectRoutes:
    fields, panels = build_panels(declaration.model, declaration.detail)
    panels += extras_ui.detail_panels(declaration.model)  # tags and custom fields
    views = dict(declaration.views)
    views["list"] = extras_ui.list_view(declaration.model, views.get("list", ObjectListView))
    return ObjectRoutes(
        declaration.queryset,
        declaration.path,
        declaration.table,
        declaration.form,
        declaration.filterset,
        filter_fields=("q", *declaration.list_filters),
        detail_fields=fields or declaration.table.columns,
        panels=panels,
        related=tuple(related.resolve() for related in declaration.related),
        searchable=declaration.searchable,
        bulk_edit_form=declaration.bulk_edit_form,
        bulk_delete=True,
        **{f"{kind}_view": view for kind, view in views.items()},
    )


def declared_urls(app_label: str) -> list[URLPattern]:
    """The UI routes of every declared model of the app; the searchable ones join the global search."""
    return build_urls(declaration.routes for declaration in declarations(app_label))
