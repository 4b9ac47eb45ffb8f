"""Generic UI views (list, detail, edit, delete) shared by every app, and the home and search pages.

Every view narrows its queryset with the user's object permissions before it touches an object:
lacking the permission for the model at all gives 403, an object outside the user's constraints
gives 404, and a save that would move an object outside them is rolled back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views import View
from django.views.generic import TemplateView

from core.context_processors import visible_menu
from core.exports import table_csv_response
from core.forms import compact_filter_widgets, restrict_form_querysets, style_form
from core.page_extensions import LIST_SELECTION_FORM, list_actions
from core.permissions import (
    permission_name,
    restrict_as_own_endpoint,
    restrict_queryset,
    user_can,
    user_has_perm,
)
from core.search import search
from core.tables import Column, Table

PER_PAGE_CHOICES = (25, 50, 100, 250, 500)
NON_FILTER_PARAMS = frozenset({"page", "per_page", "sort", "export"})
BULK_ACTIONS_FORM = (
    "bulk-actions"  # the id of the form of a list's bulk actions, when no other holds the rows
)


def object_url_name(model: type[Model] | Model, suffix: str = "") -> str:
    """`dcim:site_list` for (Site, "list"); `dcim:site` for the detail page."""
    meta = model._meta
    return f"{meta.app_label}:{meta.model_name}{'_' + suffix if suffix else ''}"


def paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    """The requested page (`?page=`) of `per_page` objects (default PAGINATE_COUNT, at most MAX_PAGE_SIZE)."""
    try:
        per_page = int(request.GET.get("per_page", settings.PAGINATE_COUNT))
    except ValueError:
        per_page = settings.PAGINATE_COUNT
    per_page = min(max(per_page, 1), settings.MAX_PAGE_SIZE)
    if not queryset.ordered:
        queryset = queryset.order_by("pk")
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def safe_return_url(request: HttpRequest, default: str) -> str:
    """`?return_url=` when it points at this site, else `default`: never an open redirect."""
    candidate = request.POST.get("return_url") or request.GET.get("return_url")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class ObjectPermissionMixin:
    """The queryset a view works on, narrowed to what the requesting user may do with it."""

    queryset: QuerySet = None  # set per route by core.routing.ObjectRoutes (as_view() needs a class default)
    request: HttpRequest

    @property
    def model(self) -> type[Model]:
        return self.queryset.model

    def require_permission(self, action: str) -> None:
        if not user_has_perm(self.request.user, permission_name(self.model, action)):
            raise PermissionDenied(f"You may not {action} {self.model._meta.verbose_name_plural}.")

    def restricted(self, action: str) -> QuerySet:
        return restrict_queryset(self.queryset.all(), self.request.user, action)

    def model_context(self) -> dict:
        meta = self.model._meta
        user = self.request.user
        return {
            "model_name": str(meta.verbose_name),
            "model_name_plural": str(meta.verbose_name_plural),
            "list_url": reverse(object_url_name(self.model, "list")),
            "add_url": _reverse_or_none(object_url_name(self.model, "add")),
            "can_add": user_has_perm(user, permission_name(self.model, "add")),
        }


def _reverse_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


class ObjectListView(ObjectPermissionMixin, View):
    """A filtered, sortable, paginated table of the objects the user may view."""

    table: type[Table] = Table
    filterset: type | None = None
    filter_fields: Sequence[str] = ("q",)
    template_name = "generic/object_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require_permission("view")
        queryset = self.restricted("view")
        filter_form = None
        if self.filterset is not None:
            filterset = self.filterset(request.GET or None, queryset=queryset, request=request)
            # Choices are narrowed before validation, so filtering by a hidden object is an error, not a probe.
            restrict_form_querysets(filterset.form, request.user)
            queryset = filterset.qs if not filterset.is_bound or filterset.is_valid() else queryset.none()
            filter_form = self.build_filter_form(filterset.form)
        queryset, sort = self.table.order(queryset, request.GET.get("sort", ""))
        if request.GET.get("export") == "csv":
            return self.export(queryset, f"{self.model._meta.model_name}s.csv")
        page = paginate(request, queryset)
        shown = set(filter_form.fields) if filter_form is not None else set()
        selection_actions = list_actions(request, self.model)
        context = {
            **self.model_context(),
            "table": self.table(page.object_list, ordering=sort),
            "page": page,
            "per_page_choices": PER_PAGE_CHOICES,
            "filter_form": filter_form,
            # Parameters the filter form does not show (sort, per_page, a related page's `site_id`…) survive it.
            "hidden_params": [
                (key, value)
                for key, values in request.GET.lists()
                if key not in shown | {"page", "export"}
                for value in values
            ],
            "filter_active": any(key not in NON_FILTER_PARAMS for key in request.GET),
            "export_query": export_query(request),
            # What other apps offer for the selected rows (run a job on them); rows get checkboxes then.
            "selection_actions": selection_actions,
            "selection_form": LIST_SELECTION_FORM if selection_actions else "",
            **self.get_extra_context(),
        }
        context["bulk_actions"] = self.bulk_actions()
        context["row_form"] = self.row_form(context)
        return render(request, self.template_name, context)

    def export(self, queryset: QuerySet, filename: str) -> HttpResponse:
        """The filtered, sorted list as CSV, in the table's columns."""
        return table_csv_response(self.table, queryset, filename)

    def bulk_actions(self) -> list[dict]:
        """Edit and delete of the selected rows, where the model has those pages and the user the permission."""
        actions = []
        for suffix, action, label in (
            ("bulk_edit", "change", "Edit selected"),
            ("bulk_delete", "delete", "Delete selected"),
        ):
            url = _reverse_or_none(object_url_name(self.model, suffix))
            if url and user_has_perm(self.request.user, permission_name(self.model, action)):
                actions.append({"label": label, "url": url, "danger": action == "delete"})
        return actions

    @staticmethod
    def row_form(context: dict) -> str:
        """The one form the row checkboxes belong to: the page's own bulk form (results: delete), else the
        selection form other apps offer, else the form of the bulk actions (whose buttons submit any of them)."""
        if context.get("bulk_delete_url"):
            return "bulk-form"
        if context["selection_form"]:
            return context["selection_form"]
        return BULK_ACTIONS_FORM if context["bulk_actions"] else ""

    def get_extra_context(self) -> dict:
        """More context for a list's own template."""
        return {}

    def build_filter_form(self, form):
        """The filterset's form cut down to `filter_fields`; errors of the fields left out move to the top."""
        for name in list(form.fields):
            if name not in self.filter_fields:
                for error in form.errors.get(name, []):
                    form.add_error(None, f"{name}: {error}")
                del form.fields[name]
        return style_form(compact_filter_widgets(form))


def export_query(request: HttpRequest) -> str:
    """The list's current filters and sort, asking for the CSV export of all its rows."""
    params = request.GET.copy()
    for key in ("page", "per_page", "export"):
        params.pop(key, None)
    params["export"] = "csv"
    return params.urlencode()


@dataclass(frozen=True)
class Panel:
    """A titled card of an object's fields on its detail page, beside the first one (the model's own)."""

    title: str
    columns: Sequence[Column]


@dataclass(frozen=True)
class RelatedList:
    """A table on a detail page of the objects related to the one shown, e.g. a site's devices.

    `field` is the relation pointing at the object (`"site"`), or a function giving the filter
    keywords for relations that are not foreign keys (addresses inside a prefix). `filter_param`
    names the list-page parameter selecting the same objects, for "Show all"; its value is the
    object's pk unless `filter_value` says otherwise.
    """

    title: str
    queryset: QuerySet
    field: str | Callable[[Model], dict]
    table: type[Table]
    filter_param: str | None = None
    filter_value: Callable[[Model], object] | None = None
    limit: int = 25

    def lookup(self, obj: Model) -> dict:
        return self.field(obj) if callable(self.field) else {self.field: obj}

    def list_query(self, obj: Model) -> str | None:
        if not self.filter_param:
            return None
        value = self.filter_value(obj) if self.filter_value else obj.pk
        return urlencode({self.filter_param: value})

    def add_query(self, obj: Model, return_url: str) -> str | None:
        """Query string pre-filling an add form with the object, when the relation is a plain FK."""
        if callable(self.field) or "__" in self.field:
            return None
        return urlencode({self.field: obj.pk, "return_url": return_url})


class ObjectDetailView(ObjectPermissionMixin, View):
    """One object's fields and related lists; 404 unless the user may view that object."""

    fields: Sequence[Column] = ()
    panels: Sequence[Panel] = ()
    related: Sequence[RelatedList] = ()
    template_name: str | None = None

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        self.require_permission("view")
        obj = get_object_or_404(self.restricted("view"), pk=pk)
        context = {
            **self.model_context(),
            "object": obj,
            "fields": [column.resolve(obj) for column in self.fields],
            "panels": [
                {"title": panel.title, "fields": [column.resolve(obj) for column in panel.columns]}
                for panel in self.panels
            ],
            "related_lists": [self.related_context(obj, related) for related in self.related],
            "can_change": user_can(request.user, "change", obj),
            "can_delete": user_can(request.user, "delete", obj),
            "edit_url": _reverse_or_none(object_url_name(obj, "edit"), pk=obj.pk),
            "delete_url": _reverse_or_none(object_url_name(obj, "delete"), pk=obj.pk),
            **self.get_extra_context(obj),
        }
        return render(request, self.get_template_names(), context)

    def get_extra_context(self, obj: Model) -> dict:
        """More context for a model's own detail template (e.g. a repository's latest sync log)."""
        return {}

    def get_template_names(self) -> list[str]:
        meta = self.model._meta
        names = [self.template_name] if self.template_name else []
        return [*names, f"{meta.app_label}/{meta.model_name}.html", "generic/object_detail.html"]

    def related_context(self, obj: Model, related: RelatedList) -> dict:
        user = self.request.user
        model = related.queryset.model
        context = {"title": related.title, "table": None, "count": 0, "list_url": None, "add_url": None}
        add_url, add_query = (
            _reverse_or_none(object_url_name(model, "add")),
            related.add_query(obj, self.request.path),
        )
        if add_url and add_query and user_has_perm(user, permission_name(model, "add")):
            context["add_url"] = f"{add_url}?{add_query}"
        if not user_has_perm(user, permission_name(model, "view")):
            return context
        queryset = restrict_as_own_endpoint(related.queryset.filter(**related.lookup(obj)), user, "view")
        context["count"] = queryset.count()
        context["table"] = related.table(queryset[: related.limit]) if context["count"] else None
        list_query = related.list_query(obj)
        if list_query:
            context["list_url"] = f"{reverse(object_url_name(model, 'list'))}?{list_query}"
        return context


class _OutsidePermission(Exception):
    """Raised inside the save transaction to roll back a change the user's constraints do not cover."""


class ObjectEditView(ObjectPermissionMixin, View):
    """Add (no pk) or change (pk) one object through a ModelForm; the result must stay within the user's reach."""

    form: type[ModelForm] | None = None
    template_name = "generic/object_edit.html"

    def action(self, pk) -> str:
        return "change" if pk else "add"

    def get_object(self, pk) -> Model:
        self.require_permission(self.action(pk))
        if pk:
            return get_object_or_404(self.restricted("change"), pk=pk)
        return self.model()

    def get_form(self, obj: Model, data=None) -> ModelForm:
        initial = self.request.GET.dict() if obj._state.adding else None
        form = self.form(data=data, instance=obj, initial=initial)
        return restrict_form_querysets(style_form(form), self.request.user)

    def get(self, request: HttpRequest, pk=None) -> HttpResponse:
        obj = self.get_object(pk)
        return self.render_form(obj, self.get_form(obj), editing=bool(pk))

    def post(self, request: HttpRequest, pk=None) -> HttpResponse:
        obj = self.get_object(pk)
        form = self.get_form(obj, data=request.POST)
        if form.is_valid():
            saved = self.save_within_permission(form, self.action(pk))
            if saved is not None:
                verb = "Modified" if pk else "Created"
                messages.success(request, f"{verb} {self.model._meta.verbose_name} {saved}.")
                return HttpResponseRedirect(safe_return_url(request, saved.get_absolute_url()))
        return self.render_form(obj, form, editing=bool(pk))

    def save_within_permission(self, form: ModelForm, action: str) -> Model | None:
        """Save, then check the saved object is still one the user may `action`; roll back if it is not."""
        try:
            with transaction.atomic():
                obj = form.save()
                if not self.restricted(action).filter(pk=obj.pk).exists():
                    raise _OutsidePermission
        except _OutsidePermission:
            form.add_error(
                None, f"Your permissions do not allow saving this {self.model._meta.verbose_name}."
            )
            return None
        return obj

    def render_form(self, obj: Model, form: ModelForm, *, editing: bool) -> HttpResponse:
        context = {
            **self.model_context(),
            "object": obj if editing else None,
            "form": form,
            "return_url": safe_return_url(
                self.request, obj.get_absolute_url() if editing else reverse(object_url_name(obj, "list"))
            ),
        }
        return render(self.request, self.template_name, context)


class ObjectDeleteView(ObjectPermissionMixin, View):
    """Confirm on GET, delete on POST; objects still referenced are refused with a message, not a 500."""

    template_name = "generic/object_delete.html"

    def get_object(self, pk) -> Model:
        self.require_permission("delete")
        return get_object_or_404(self.restricted("delete"), pk=pk)

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        obj = self.get_object(pk)
        context = {
            **self.model_context(),
            "object": obj,
            "return_url": safe_return_url(request, obj.get_absolute_url()),
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        obj = self.get_object(pk)
        try:
            obj.delete()
        except (ProtectedError, RestrictedError) as error:
            blockers = (
                error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
            )
            messages.error(request, f"Cannot delete {obj}: {describe_objects(blockers)} still refer to it.")
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, f"Deleted {self.model._meta.verbose_name} {obj}.")
        return HttpResponseRedirect(reverse(object_url_name(self.model, "list")))


def describe_objects(objects) -> str:
    """'3 devices, 1 prefix' for a set of model instances."""
    counts = Counter(type(obj) for obj in objects)
    parts = []
    for model, count in counts.items():
        name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
        parts.append(f"{count} {name}")
    return ", ".join(parts)


class HomeView(TemplateView):
    """The landing page: each menu group with the number of objects the user may see behind each item."""

    template_name = "home.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["sections"] = visible_menu(self.request.user, with_counts=True)
        return context


class SearchView(TemplateView):
    """Global search: every registered model's `q` filter, restricted per user, grouped with counts."""

    template_name = "search.html"

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["query"] = query
        context["results"] = search(self.request.user, query) if query else []
        return context
