"""ModelDeclaration: everything the platform needs to know about one inventory model, said once.

From it come the list, detail, add, edit, delete and bulk pages (with CSV export and the tabs other
apps register, such as the change log and job runs), the REST viewset and its routes, the filterset,
the global search entry, the menu item and the admin page. Each part is built on first use from the
names the declaration gives, by the rules of the module building it (columns, filtersets, forms,
serializers, pages, api, admin); a part no rule fits is handed over as a base class to build on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.text import capfirst
from django.views import View

from core.declarations import admin as admin_builder
from core.declarations import api, columns, extras, filtersets, forms, pages, serializers
from core.declarations.pages import DeclaredPanel, Related
from core.declarations.registry import declaration_for, register
from core.menu import INVENTORY, model_item, register_menu_item
from core.tables import Column


@dataclass(eq=False, kw_only=True)
class ModelDeclaration:
    """One model's declaration; see `declare()` for what each option means."""

    model: type[Model]
    queryset: QuerySet
    api_queryset: QuerySet
    path: str
    menu: str | None = None
    menu_section: str = INVENTORY
    columns: Sequence[str | Column] = ()
    detail: Sequence[str | Column | DeclaredPanel] = ()
    related: list[Related] = field(default_factory=list)
    filters: Sequence[str] = ()
    list_filters: Sequence[str] = ()
    search_fields: Sequence[str] = ()
    filterset_base: type | None = None
    form_fields: Sequence[str] = ()
    form_base: type | None = None
    bulk_edit_fields: Sequence[str] | None = None
    api_fields: Sequence[str] = ()
    api_extra: Mapping[str, Any] = field(default_factory=dict)
    brief_fields: Sequence[str] = ()
    serializer_base: type | None = None
    nested_base: type | None = None
    viewset_base: type | None = None
    searchable: bool = True
    views: Mapping[str, type[View]] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @cached_property
    def table(self):
        return columns.build_table(self.model, self.columns)

    @cached_property
    def filterset(self):
        return filtersets.build_filterset(self.model, self.filters, self.search_fields, self.filterset_base)

    @cached_property
    def form(self):
        return forms.build_form(self.model, self.form_fields, self.form_base) if self.form_fields else None

    @cached_property
    def bulk_edit_form(self):
        names = self.bulk_edit_fields
        if names is None:
            names = forms.bulk_edit_field_names(self.model, self.form_fields)
        return forms.build_bulk_edit_form(self.model, names)

    @cached_property
    def serializer(self):
        return serializers.build_serializer(self)

    @cached_property
    def nested_serializer(self):
        return serializers.build_nested_serializer(self)

    @cached_property
    def viewset(self):
        return api.build_viewset(self)

    @cached_property
    def routes(self):
        return pages.build_routes(self)

    @cached_property
    def admin(self):
        return admin_builder.build_admin(self)


def default_path(model: type[Model]) -> str:
    """The URL segment of a model: its plural name, hyphenated ("device types" → "device-types")."""
    return str(model._meta.verbose_name_plural).lower().replace(" ", "-")


def default_brief_fields(model: type[Model], api_fields: Sequence[str]) -> tuple[str, ...]:
    return tuple(name for name in ("name", "slug") if name in api_fields)


def declare(model: type[Model], *, queryset: QuerySet | None = None, **options: Any) -> ModelDeclaration:
    """Declare a model once; its pages, API, filters, search entry, menu item and admin follow.

    Options (all but `model` optional):
    - `queryset`: what lists and pages read, with the select_related/prefetch_related their columns walk
      (default: every object); `api_queryset` the same for the REST API (default: `queryset`).
    - `path`: the URL segment, `/<app_label>/<path>/` and `/api/<app_label>/<path>/` (default: the plural
      name, hyphenated); `menu`: the group of the inventory menu the list appears in (none: no item).
    - `columns`: the list's columns, names or `Column`s (core/declarations/columns.py); `detail`: the
      detail page's fields (default: the columns), with `DeclaredPanel`s for more cards; `related`:
      `Related` tables of other models' objects pointing at this one.
    - `filters`: names (or `alias=path`) given filters by core/declarations/filtersets.py; `list_filters`:
      those shown above the list besides the search box; `search_fields`: what `q` and the global search
      look in; `filterset_base`: a FilterSet class adding filters no rule makes.
    - `form_fields`: the add/edit form's fields; `form_base`: a ModelForm class adding fields or checks;
      `bulk_edit_fields`: the fields "Edit selected" sets (default: the form's non-unique model fields).
    - `api_fields`: the REST fields between `id, url, display` and the timestamps; `api_extra`: fields no
      model field gives, by name (`nested("app.model", ...)` for a related object); `brief_fields`: the
      brief form's fields (default: name and slug, where the model has them); `serializer_base`,
      `nested_base`, `viewset_base`: classes to build on.
    - `searchable`: whether the global search covers the model (default: yes); `views`: view classes
      replacing the generic ones ("list", "detail", "edit", "delete"), each a reasoned exception.
    """
    queryset = queryset if queryset is not None else model._default_manager.all()
    api_fields = tuple(options.pop("api_fields", ()))
    declaration = ModelDeclaration(
        model=model,
        queryset=queryset,
        # Every REST object shows its tags: read in one query per list.
        api_queryset=extras.with_tags(options.pop("api_queryset", queryset)),
        path=options.pop("path", None) or default_path(model),
        api_fields=api_fields,
        brief_fields=tuple(options.pop("brief_fields", None) or default_brief_fields(model, api_fields)),
        related=list(options.pop("related", ())),
        **options,
    )
    register(declaration)
    if declaration.menu:
        meta = model._meta
        item = model_item(capfirst(meta.verbose_name_plural), meta.app_label, meta.model_name)
        register_menu_item(declaration.menu, item, declaration.menu_section)
    return declaration


def add_related(model: type[Model] | str, related: Related) -> None:
    """Show another app's objects on a declared model's page (IP addresses on a device, from ipam)."""
    declaration = declaration_for(model)
    if related not in declaration.related:
        declaration.related.append(related)
