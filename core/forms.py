"""Form helpers shared by every UI form: Bootstrap widget classes and choices limited to what a user may see."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from core.permissions import restrict_queryset
from core.widgets import style_widget


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    for field in form.fields.values():
        style_widget(field.widget)
    return form


def form_field_for(model_field: models.Field, **kwargs) -> forms.Field | None:
    """A model field's form field; a URL typed without a scheme is taken as https (Django 6's default)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


def restrict_form_querysets(form: forms.BaseForm, user) -> forms.BaseForm:
    """Offer (and accept) only related objects the user may view, so a form never reveals hidden ones.

    Users are offered as the users API shows them (those the user may view), and the user themself (a
    rack reservation is theirs). Choices of models without object permissions (content types) are left
    alone. A form that checks more than its choice fields defines `limit_to_user(user)`, called here too.
    """
    user_model = get_user_model()
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if queryset.model is user_model:
            field.queryset = restrict_queryset(queryset, user, "view") | queryset.filter(pk=user.pk)
        elif hasattr(queryset, "restrict"):
            field.queryset = restrict_queryset(queryset, user, "view")
    limit_to_user = getattr(form, "limit_to_user", None)
    if callable(limit_to_user):
        limit_to_user(user)
    return form


class BootstrapMixin:
    """Mix into a Form or ModelForm to style every widget at construction."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_form(self)


class BootstrapModelForm(BootstrapMixin, forms.ModelForm):
    """Base class of the inventory's model forms."""

    def _post_clean(self) -> None:
        # Many-to-many values are set only after the save: the model's clean() may read them here (as the
        # API's serializers give them, core/api/serializers.py).
        cleaned = getattr(self, "cleaned_data", {})
        self.instance._pending_many_to_many = {
            field.name: cleaned[field.name]
            for field in self.instance._meta.many_to_many
            if field.name in cleaned and field.name in self.fields
        }
        super()._post_clean()


class SlugFromNameMixin:
    """An empty slug is filled in from `slug_source` (the name), so people need not type it."""

    slug_source = "name"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Leave empty to derive it from the name."

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.data.get(self.add_prefix(self.slug_source), ""))
        if not slug:
            raise ValidationError("Enter a slug (letters, numbers, hyphens).")
        return slug


class CompactMultipleSelect(forms.Select):
    """A one-line dropdown for a repeatable filter: reads every value of the parameter, offers "Any".

    Several values (from a link such as `?site=a&site=b`) all filter; the dropdown shows the first.
    """

    def value_from_datadict(self, data, files, name) -> list:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return [value for value in values if value not in (None, "")]


class AnyYesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose empty choice reads "Any" (Django's NullBooleanSelect says "Unknown")."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]

    def format_value(self, value) -> list[str]:
        # A list, as ChoiceWidget expects: NullBooleanSelect's string would make "" match any value.
        return [{True: "true", False: "false", "true": "true", "false": "false"}.get(value, "")]


def compact_filter_widgets(form: forms.BaseForm) -> forms.BaseForm:
    """Make a filter form fit one row: dropdowns instead of list boxes, text boxes for free-text lists,
    "Any" rather than "Unknown" for a yes/no filter left empty.

    Related-object filters are labelled by the model ("Site", not "Site slug").
    """
    for name, field in form.fields.items():
        if isinstance(field.widget, forms.NullBooleanSelect):
            field.widget = AnyYesNoSelect(attrs=field.widget.attrs)
            continue
        if not isinstance(field.widget, forms.SelectMultiple):
            continue
        if not hasattr(field, "choices"):
            field.widget = forms.TextInput()
            continue
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            # Set on the bound field too: a validated form has already built (and cached) it.
            field.label = form[name].label = str(queryset.model._meta.verbose_name).capitalize()
        field.widget = CompactMultipleSelect(choices=[("", "Any"), *field.choices])
    return form


class ContentTypeMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Content types shown as `app_label.model` (dcim.device), as the API writes them."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.app_label}.{obj.model}"
