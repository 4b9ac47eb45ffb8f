"""Per-model UI route bundles: one bundle gives a model its list, detail, add, edit and delete pages, the
bulk edit and delete of a list's selected rows, and the tabs other apps add to every object page (the change
log's, say). Declared models get theirs from their declaration (core/declarations); the jobs app builds a
few by hand.

URL names follow `<app_label>:<model_name>[_list|_add|_edit|_delete|_bulk_edit|_bulk_delete|_<tab>]`, which
is what `BaseModel.get_absolute_url()` and the generic templates reverse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.forms import ModelForm
from django.http.response import HttpResponseRedirectBase
from django.urls import URLPattern, path, re_path
from django.views import View

from core.bulk import BulkDeleteView, BulkEditView
from core.search import register_search
from core.tables import Column, Table
from core.views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView, Panel, RelatedList


@dataclass(frozen=True)
class ObjectTab:
    """A tab on every object page: `<object page>/<name>/`, served by `view.as_view(queryset=...)`."""

    name: str  # URL segment and name suffix, e.g. "changelog"
    label: str
    view: type[View]


_object_tabs: list[ObjectTab] = []


def register_object_tab(tab: ObjectTab) -> None:
    """An app adds a tab to every object page at start-up (before the URLs are built): core sits below it."""
    if all(existing.name != tab.name for existing in _object_tabs):
        _object_tabs.append(tab)


def object_tabs() -> list[ObjectTab]:
    return list(_object_tabs)


def object_tab_urls(queryset: QuerySet, model_name: str, prefix: str = "") -> list[URLPattern]:
    """The registered tabs' routes for one model, under `<prefix><uuid:pk>/`."""
    return [
        path(
            f"{prefix}<uuid:pk>/{tab.name}/",
            tab.view.as_view(queryset=queryset),
            name=f"{model_name}_{tab.name}",
        )
        for tab in _object_tabs
    ]


@dataclass(frozen=True)
class ObjectRoutes:
    """What the UI needs to know about one model. `queryset` carries the select_related the tables walk."""

    queryset: QuerySet
    path: str  # URL segment, e.g. "device-types"
    table: type[Table]
    form: type[ModelForm] | None = None
    filterset: type | None = None
    filter_fields: Sequence[str] = ("q",)
    detail_fields: Sequence[Column] | None = None  # defaults to the table's columns
    panels: Sequence[Panel] = ()  # more cards of fields beside the first
    related: Sequence[RelatedList] = ()
    bulk_edit_form: type | None = None  # a core.declarations BulkEditForm: the list gets "Edit selected"
    bulk_delete: bool = False  # the list gets "Delete selected"
    searchable: bool = True
    list_view: type[ObjectListView] = ObjectListView
    detail_view: type[ObjectDetailView] = ObjectDetailView
    edit_view: type[ObjectEditView] = ObjectEditView
    delete_view: type[ObjectDeleteView] = ObjectDeleteView
    extra_urls: Sequence[URLPattern] = field(default_factory=tuple)

    @property
    def model_name(self) -> str:
        return self.queryset.model._meta.model_name

    def urls(self) -> list[URLPattern]:
        name, prefix = self.model_name, self.path
        patterns = [
            path(
                f"{prefix}/",
                self.list_view.as_view(
                    queryset=self.queryset,
                    table=self.table,
                    filterset=self.filterset,
                    filter_fields=self.filter_fields,
                ),
                name=f"{name}_list",
            ),
            path(
                f"{prefix}/<uuid:pk>/",
                self.detail_view.as_view(
                    queryset=self.queryset,
                    fields=self.detail_fields if self.detail_fields is not None else self.table.columns,
                    panels=self.panels,
                    related=self.related,
                ),
                name=name,
            ),
            path(
                f"{prefix}/<uuid:pk>/delete/",
                self.delete_view.as_view(queryset=self.queryset),
                name=f"{name}_delete",
            ),
        ]
        if self.form is not None:
            edit = self.edit_view.as_view(queryset=self.queryset, form=self.form)
            patterns += [
                path(f"{prefix}/add/", edit, name=f"{name}_add"),
                path(f"{prefix}/<uuid:pk>/edit/", edit, name=f"{name}_edit"),
            ]
        patterns += self.bulk_urls()
        patterns += object_tab_urls(self.queryset, name, f"{prefix}/")
        return [*patterns, *self.extra_urls]

    def bulk_urls(self) -> list[URLPattern]:
        name, prefix = self.model_name, self.path
        patterns = []
        if self.bulk_edit_form is not None:
            view = BulkEditView.as_view(queryset=self.queryset, form=self.bulk_edit_form)
            patterns.append(path(f"{prefix}/edit/", view, name=f"{name}_bulk_edit"))
        if self.bulk_delete:
            view = BulkDeleteView.as_view(queryset=self.queryset)
            patterns.append(path(f"{prefix}/delete/", view, name=f"{name}_bulk_delete"))
        return patterns


def build_urls(routes: Iterable[ObjectRoutes]) -> list[URLPattern]:
    """URL patterns for every bundle; bundles marked searchable (with a filterset) join the global search."""
    patterns = []
    for route in routes:
        patterns += route.urls()
        if route.searchable and route.filterset is not None:
            register_search(route.queryset, route.filterset)
    return patterns


class PermanentRedirectKeepingMethod(HttpResponseRedirectBase):
    """308: moved for good, and the client repeats the same method and body there (a 301 turns a POST into a
    GET in most clients)."""

    status_code = 308


class MovedPermanently(View):
    """A 308 to where a page or endpoint now lives, keeping the rest of the path and the query."""

    target: str = ""

    def dispatch(self, request, rest: str = "", *args, **kwargs) -> HttpResponseRedirectBase:
        query = request.META.get("QUERY_STRING", "")
        return PermanentRedirectKeepingMethod(f"{self.target}{rest}{'?' + query if query else ''}")


def moved(old: str, new: str) -> URLPattern:
    """A route answering every path under `old` ("dcim/prefixes/") with a 308 to the same path under `new`
    (absolute, "/ipam/prefixes/")."""
    return re_path(rf"^{old}(?P<rest>.*)$", MovedPermanently.as_view(target=new))
