"""Add/edit and bulk-edit forms from declared field names.

The add/edit form is a ModelForm of the names (on the declaration's `form_base`, which adds fields
and checks no model field describes); a form with a slug fills it from the first text field when left
empty. The bulk-edit form holds the fields that may take one value across many objects: every field
is optional, and one left empty leaves the objects' values as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.db import models
from django.forms.models import apply_limit_choices_to_to_formfield
from django.utils.text import capfirst

from core.declarations import extras_ui
from core.declarations.fields import field_at
from core.forms import BootstrapMixin, BootstrapModelForm, SlugFromNameMixin, form_field_for


def slug_source(model: type[models.Model], names: Sequence[str]) -> str:
    """The field a slug is derived from: the first text field of the form other than the slug."""
    for name in names:
        field = field_at(model, name)
        if name != "slug" and isinstance(field, models.CharField) and not field.choices:
            return name
    return "name"


def build_form(
    model: type[models.Model], names: Sequence[str], base: type | None = None
) -> type[forms.ModelForm]:
    """`<Model>Form` of `names`, on `base` (BootstrapModelForm by default)."""
    base = base or BootstrapModelForm
    # Tags and an input per custom field on an inventory model's form (core/declarations/extras_ui.py).
    bases: tuple[type, ...] = (*extras_ui.form_bases(model), base)
    attrs: dict = {}
    if "slug" in names and not issubclass(base, SlugFromNameMixin):
        bases = (SlugFromNameMixin, *bases)
        attrs["slug_source"] = slug_source(model, names)
    meta_base = getattr(base, "Meta", object)
    meta = {"model": model, "fields": list(names), "formfield_callback": form_field_for}
    attrs["Meta"] = type("Meta", (meta_base,), meta)
    return type(f"{model.__name__}Form", bases, attrs)


def bulk_edit_field_names(model: type[models.Model], names: Sequence[str]) -> list[str]:
    """The form's model fields that many objects may share: not unique, not the slug, editable."""
    shared = []
    for name in names:
        field = field_at(model, name)
        if field is None or not field.editable or field.unique or field.many_to_many or name == "slug":
            continue
        if any(name in constraint.fields for constraint in _unique_constraints(model)):
            continue
        shared.append(name)
    return shared


def _unique_constraints(model: type[models.Model]) -> list[models.UniqueConstraint]:
    return [c for c in model._meta.constraints if isinstance(c, models.UniqueConstraint) and c.fields]


class BulkEditForm(BootstrapMixin, forms.Form):
    """Values to set on every selected object; `changed_values()` holds only the fields given."""

    model: type[models.Model]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # as a ModelForm does: only statuses that apply, say
            apply_limit_choices_to_to_formfield(field)

    def changed_values(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [])}


def build_bulk_edit_form(model: type[models.Model], names: Sequence[str]) -> type[BulkEditForm] | None:
    """`<Model>BulkEditForm`, or None when no field may be shared (then there is no bulk edit page)."""
    fields = {}
    for name in names:
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.BooleanField):
            field = forms.NullBooleanField(required=False, label=capfirst(model_field.verbose_name))
            field.widget = forms.Select(choices=[("", "No change"), ("true", "Yes"), ("false", "No")])
        else:
            field = form_field_for(model_field, required=False)
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            field.choices = [("", "No change"), *[choice for choice in field.choices if choice[0] != ""]]
        elif isinstance(field, forms.ModelChoiceField):
            field.empty_label = "No change"
        fields[name] = field
    if not fields:
        return None
    return type(f"{model.__name__}BulkEditForm", (BulkEditForm,), {**fields, "model": model})
