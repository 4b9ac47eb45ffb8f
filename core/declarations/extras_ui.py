"""The UI side of tags and custom fields on every inventory model (core.models.InventoryMixin), from its
declaration: tag chips and a custom fields card on the detail page, tag and custom field inputs on the edit
form, and a CSV export with a tags column and one column per custom field. Custom fields are defined at run
time, so their columns and inputs are made per request from the fields of the model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpResponse

from core.declarations.extras import custom_fields_of, has_extras
from core.exports import table_csv_response
from core.tables import Cell, Column, Table
from core.views import ObjectListView

TAGS = Column("tags.all", label="Tags", order_by="", template="inc/cells/tags.html")


@dataclass(frozen=True)
class CustomFieldColumn(Column):
    """One custom field's value (the accessor is the field's name)."""

    def resolve(self, record: models.Model) -> Cell:
        return Cell(column=self, value=record.custom_field_data.get(self.accessor), url=None, record=record)


def custom_field_columns(model: type[models.Model]) -> list[Column]:
    return [
        CustomFieldColumn(field.name, label=field.label or field.name, order_by="")
        for field in custom_fields_of(model)
    ]


class CustomFieldsPanel:
    """The detail page's "Custom fields" card: a row per field of the model, read when the page is shown."""

    title = "Custom fields"

    def __init__(self, model: type[models.Model]):
        self.model = model

    @property
    def columns(self) -> list[Column]:
        return custom_field_columns(self.model)


def detail_panels(model: type[models.Model]) -> list[Any]:
    if not has_extras(model):
        return []
    from core.views import Panel

    return [Panel("Tags", (TAGS,)), CustomFieldsPanel(model)]


# --- Export ----------------------------------------------------------------------------------------------
class ExtrasExportMixin:
    """The CSV export adds the tags and every custom field to the list's columns."""

    def export(self, queryset, filename: str) -> HttpResponse:
        columns = (*self.table.columns, TAGS, *custom_field_columns(self.model))
        table = type(self.table.__name__, (self.table,), {"columns": columns})
        return table_csv_response(table, queryset.prefetch_related("tags"), filename)


def list_view(model: type[models.Model], base: type[ObjectListView]) -> type[ObjectListView]:
    return type(base.__name__, (ExtrasExportMixin, base), {}) if has_extras(model) else base


# --- Forms -----------------------------------------------------------------------------------------------
CF_PREFIX = "cf_"


def custom_field_formfield(field) -> forms.Field:
    """The form input of one custom field, with its checks (required, range, regex, choices)."""
    options: dict[str, Any] = {"required": field.required, "label": field.label or field.name}
    options["help_text"] = field.description
    kind = field.type
    if kind == "integer":
        return forms.IntegerField(
            min_value=field.validation_minimum, max_value=field.validation_maximum, **options
        )
    if kind == "decimal":
        return forms.FloatField(
            min_value=field.validation_minimum, max_value=field.validation_maximum, **options
        )
    if kind == "boolean":
        choices = [("", "---------"), ("true", "Yes"), ("false", "No")]
        return forms.TypedChoiceField(
            choices=choices, coerce=lambda value: value == "true", empty_value=None, **options
        )
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if kind == "json":
        return forms.JSONField(**options)
    if kind == "select":
        return forms.ChoiceField(choices=[("", "---------"), *[(c, c) for c in field.choices]], **options)
    if kind == "multiselect":
        return forms.MultipleChoiceField(choices=[(c, c) for c in field.choices], **options)
    validators = [RegexValidator(field.validation_regex)] if field.validation_regex else []
    if kind == "url":
        return forms.URLField(validators=validators, **options)
    widget = forms.Textarea(attrs={"rows": 3}) if kind == "longtext" else None
    return forms.CharField(widget=widget, validators=validators, **options)


def stored(value: Any) -> Any:
    """A cleaned form value as custom field data keeps it (a date as YYYY-MM-DD)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class ExtrasFormMixin:
    """A tags multi-select and an input per custom field of the model (after the declared fields)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model
        instance = self.instance
        tag_model = model._meta.get_field("tags").related_model
        self.fields["tags"] = forms.ModelMultipleChoiceField(
            queryset=tag_model.objects.get_for_model(model), required=False, label="Tags"
        )
        if instance.pk is not None:
            self.initial.setdefault("tags", list(instance.tags.all()))
        self.custom_fields = custom_fields_of(model)
        for field in self.custom_fields:
            name = f"{CF_PREFIX}{field.name}"
            self.fields[name] = custom_field_formfield(field)
            value = instance.custom_field_data.get(field.name, field.default if instance.pk is None else None)
            if field.type == "boolean" and value is not None:
                value = "true" if value else "false"
            elif field.type == "json" and value is not None:
                value = json.dumps(value)
            self.initial.setdefault(name, value)

    def clean(self) -> dict:
        cleaned = super().clean()
        data = dict(self.instance.custom_field_data or {})
        for field in self.custom_fields:
            value = cleaned.get(f"{CF_PREFIX}{field.name}")
            if value in (None, "", []):
                data.pop(field.name, None)
            else:
                data[field.name] = stored(value)
        self.instance.custom_field_data = data
        return cleaned

    def save(self, commit: bool = True):
        instance = super().save(commit=commit)
        if commit:
            instance.tags.set(self.cleaned_data.get("tags") or [])
        return instance


def form_bases(model: type[models.Model]) -> tuple[type, ...]:
    return (ExtrasFormMixin,) if has_extras(model) else ()


__all__ = ["Table", "custom_field_columns", "detail_panels", "form_bases", "list_view"]
