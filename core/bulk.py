"""Bulk edit and bulk delete of the rows selected on a list page, for every declared model.

A list's "Edit selected" and "Delete selected" open these pages with the rows' `pk` values (a GET:
nothing changes yet). The page lists the objects the user may change (or delete) among them and asks
for the values (or the confirmation); the POST then acts on exactly those, in one transaction: every
object is saved one by one (so each change is recorded in the change log and validated like an edit),
and one that fails validation, falls outside the user's permission or is still referenced rolls the
whole batch back with a message naming it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet, RestrictedError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views import View

from core.forms import restrict_form_querysets
from core.uuids import split_ids
from core.views import ObjectPermissionMixin, describe_objects, safe_return_url

MAX_SELECTED = 1000


def selected_ids(values: Iterable[str]) -> list[uuid.UUID]:
    """The valid UUIDs among the submitted `pk` values (at most MAX_SELECTED)."""
    return split_ids(list(values)[:MAX_SELECTED])[0]


def plural(count: int, model: type[Model]) -> str:
    meta = model._meta
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"


class _Refused(Exception):
    """Raised inside the transaction to roll back the whole batch; carries the message for the user."""


class BulkActionView(ObjectPermissionMixin, View):
    """GET with `pk` values shows what the action would touch; POST with `confirm` does it."""

    action = ""  # the permission the action needs: "change" or "delete"

    def selected(self, request: HttpRequest) -> QuerySet:
        data = request.POST if request.method == "POST" else request.GET
        return self.restricted(self.action).filter(pk__in=selected_ids(data.getlist("pk")))

    def list_url(self) -> str:
        return safe_return_url(self.request, self.model_context()["list_url"])

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require_permission(self.action)
        objects = list(self.selected(request))
        if not objects:
            messages.info(request, "Nothing selected: pick rows with their check boxes first.")
            return HttpResponseRedirect(self.list_url())
        return self.render_page(objects)

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require_permission(self.action)
        objects = list(self.selected(request))
        if not objects:
            messages.info(request, "Nothing selected: pick rows with their check boxes first.")
            return HttpResponseRedirect(self.list_url())
        return self.perform(objects)

    def render_page(self, objects: list[Model], **context) -> HttpResponse:
        """The confirmation page of the selection (each bulk view says what it shows)."""
        raise NotImplementedError(f"{type(self).__name__} must say how its confirmation page renders")

    def perform(self, objects: list[Model]) -> HttpResponse:
        """Act on the confirmed selection (each bulk view says what it does)."""
        raise NotImplementedError(f"{type(self).__name__} must say what it does to the selection")

    def page_context(self, objects: list[Model]) -> dict:
        return {
            **self.model_context(),
            "objects": objects,
            "action_url": self.request.path,
            "return_url": self.list_url(),
        }


class BulkDeleteView(BulkActionView):
    """Delete the selected objects the user may delete, all or none."""

    action = "delete"

    def render_page(self, objects: list[Model], **context) -> HttpResponse:
        context = {
            **self.page_context(objects),
            "title": f"Delete {plural(len(objects), self.model)}?",
            "effect": "This cannot be undone.",
            "button": "Delete",
            "danger": True,
            "params": [("return_url", self.list_url())],
        }
        return render(self.request, "generic/bulk_confirm.html", context)

    def perform(self, objects: list[Model]) -> HttpResponse:
        try:
            with transaction.atomic():
                for obj in objects:
                    obj.delete()
        except (ProtectedError, RestrictedError) as error:
            blockers = (
                error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
            )
            messages.error(
                self.request, f"Nothing deleted: {describe_objects(blockers)} still refer to them."
            )
            return HttpResponseRedirect(self.list_url())
        messages.success(self.request, f"Deleted {plural(len(objects), self.model)}.")
        return HttpResponseRedirect(self.list_url())


class BulkEditView(BulkActionView):
    """Set the values given on every selected object the user may change, all or none."""

    action = "change"
    form = None  # the declaration's BulkEditForm class
    template_name = "generic/bulk_edit.html"

    def get_form(self, data=None):
        return restrict_form_querysets(self.form(data=data), self.request.user)

    def render_page(self, objects: list[Model], form=None, **context) -> HttpResponse:
        context = {
            **self.page_context(objects),
            "title": f"Edit {plural(len(objects), self.model)}",
            "form": form if form is not None else self.get_form(),
        }
        return render(self.request, self.template_name, context)

    def perform(self, objects: list[Model]) -> HttpResponse:
        form = self.get_form(self.request.POST)
        if not form.is_valid():
            return self.render_page(objects, form=form)
        values = form.changed_values()
        if not values:
            form.add_error(None, "Give at least one value to set.")
            return self.render_page(objects, form=form)
        try:
            self.apply(objects, values)
        except _Refused as refusal:
            form.add_error(None, str(refusal))
            return self.render_page(objects, form=form)
        messages.success(self.request, f"Modified {plural(len(objects), self.model)}.")
        return HttpResponseRedirect(self.list_url())

    def apply(self, objects: list[Model], values: dict) -> None:
        """Set, validate and save each object; any failure undoes them all (raised as _Refused)."""
        with transaction.atomic():
            for obj in objects:
                for name, value in values.items():
                    setattr(obj, name, value)
                try:
                    obj.full_clean()
                except ValidationError as error:
                    raise _Refused(f"{obj}: {' '.join(error.messages)}") from None
                obj.save()
            changed = self.restricted(self.action).filter(pk__in=[obj.pk for obj in objects]).count()
            if changed != len(objects):
                plural_name = self.model._meta.verbose_name_plural
                raise _Refused(f"Your permissions do not allow these values on {plural_name}.")
