"""Form fields and selector widgets for ObjectVar/MultiObjectVar: pks and lookups in, model objects out.

Lookups are checked against the model's fields before they reach the ORM, so a bad lookup is a
validation error (HTTP 400), never a FieldError (HTTP 500).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, FieldError, ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse

from extras.jobs.forms import describe_type

# Above this many rows an object selector renders only the selected options; the browser fetches
# the rest from the REST API (the widget's data-url), so a large table never bloats the page.
STATIC_OPTIONS_LIMIT = 100
NULL_VALUE = "null"
# Lookups an ObjectVar dict may use: exact matches only, so a lookup cannot become a prefix oracle.
ALLOWED_LOOKUPS = frozenset({"exact", "iexact"})
# Fields never reachable through ObjectVar lookups, whatever model a job points at.
FORBIDDEN_LOOKUP_FIELDS = frozenset({"password", "key_hash"})


# Whose view permission narrows the objects an input may name: set by the submit service around the
# validation of a request (extras/engine/services.py), so a user can neither run a job on an object they may
# not view nor learn of one from the answer. Unset (the worker re-reading stored input, job code): all objects.
_resolving_for: ContextVar = ContextVar("object_inputs_resolved_for", default=None)


@contextmanager
def inputs_resolved_for(user) -> Iterator[None]:
    """Within this block, object inputs are found only among the objects `user` may view (None: all)."""
    token = _resolving_for.set(user)
    try:
        yield
    finally:
        _resolving_for.reset(token)


def visible_choices(queryset: models.QuerySet) -> models.QuerySet:
    user = _resolving_for.get()
    if user is None:
        return queryset
    from users.permissions import restrict_queryset

    return restrict_queryset(queryset, user, "view")


def api_list_url(model: type[models.Model]) -> str:
    """REST list URL the selector widget queries for `model`.

    A model may define an `api_list_url()` classmethod; otherwise the `<app>-api:<model>-list` route is
    reversed; failing that the URL is derived from the plural verbose name ("device types" →
    `/api/dcim/device-types/`).
    """
    hook = getattr(model, "api_list_url", None)
    if callable(hook):
        return hook()
    meta = model._meta
    try:
        return reverse(f"{meta.app_label}-api:{meta.model_name}-list")
    except NoReverseMatch:
        return f"/api/{meta.app_label}/{str(meta.verbose_name_plural).lower().replace(' ', '-')}/"


class APISelectMixin:
    """Selector filled from the REST API in the browser; server-side it renders at most a few options.

    The data-* attributes tell the browser where to fetch (`data-url`), which API field to show
    (`data-display-field`), the filter parameters with `$variable` references (`data-query-params`, JSON)
    and the label of the "null" choice (`data-null-option`).
    """

    queryset = None
    null_option = None

    def static_choices(self, value: list[str]) -> list[tuple[str, str]]:
        choices = [] if self.allow_multiple_selected else [("", "---------")]
        if self.null_option:
            choices.append((NULL_VALUE, self.null_option))
        if self.queryset is None:
            return choices
        rows = self.queryset
        if rows.count() > STATIC_OPTIONS_LIMIT:
            selected = [item for item in value if item not in ("", NULL_VALUE)]
            try:
                rows = list(rows.filter(pk__in=selected))
            except (ValidationError, ValueError):
                rows = []
        return choices + [(str(row.pk), str(row)) for row in rows]

    def optgroups(self, name, value, attrs=None):
        self.choices = self.static_choices([str(item) for item in value])
        return super().optgroups(name, value, attrs)


class APISelect(APISelectMixin, forms.Select):
    pass


class APISelectMultiple(APISelectMixin, forms.SelectMultiple):
    pass


def selector_attrs(model, display_field: str, query_params: Mapping | None, null_option: str | None) -> dict:
    meta = model._meta
    attrs = {
        "data-url": api_list_url(model),
        "data-model": f"{meta.app_label}.{meta.model_name}",
        "data-display-field": display_field,
        "data-query-params": json.dumps(dict(query_params or {})),
    }
    if null_option:
        attrs["data-null-option"] = null_option
    return attrs


def model_label(model, plural: bool = False) -> str:
    name = str(model._meta.verbose_name_plural if plural else model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def normalize_pk(model, value) -> Any:
    """Validate one primary key against the model's pk field; a readable error names the model."""
    if isinstance(value, bool) or not isinstance(value, str | int | uuid.UUID):
        raise ValidationError(
            f"{model_label(model)} id must be a string or number, not {describe_type(value)}."
        )
    try:
        return model._meta.pk.to_python(value)
    except ValidationError as error:
        raise ValidationError(
            f"{value!r} is not a valid {model._meta.verbose_name} id: {error.messages[0]}"
        ) from None


def check_lookup_key(model, key: Any) -> None:
    """Allow `field`, `relation__field` paths ending optionally in __exact/__iexact; refuse anything else.

    A model whose queryset understands extra keyword lookups (e.g. Prefix's `prefix="10.0.0.0/24"`) lists
    them in a `job_lookup_aliases` class attribute.
    """
    if not isinstance(key, str) or not key:
        raise ValidationError(f"Lookup keys must be non-empty strings, not {key!r}.")
    if key in getattr(model, "job_lookup_aliases", ()):
        return
    current, parts = model, key.split("__")
    for index, part in enumerate(parts):
        is_last = index == len(parts) - 1
        if index > 0 and is_last and part in ALLOWED_LOOKUPS:
            return
        if current is None:
            raise ValidationError(
                f"{key!r} is not a valid lookup: "
                f"only __exact and __iexact may follow the field {parts[index - 1]!r}."
            )
        name = current._meta.pk.name if part == "pk" else part
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            raise ValidationError(
                f"{key!r} is not a valid lookup: {current._meta.verbose_name} has no field {part!r}."
            ) from None
        if name in FORBIDDEN_LOOKUP_FIELDS or (field.is_relation and field.related_model is None):
            raise ValidationError(
                f"{key!r} is not a valid lookup: {part!r} cannot be used to look objects up."
            )
        current = field.related_model if field.is_relation else None


def check_lookup_value(key: str, value: Any) -> None:
    if not isinstance(value, str | int | float | bool | uuid.UUID) and value is not None:
        raise ValidationError(
            f"Lookup {key!r} needs a string, number, boolean or null, not {describe_type(value)}."
        )
    if isinstance(value, str) and "\x00" in value:  # PostgreSQL cannot even compare text holding NUL
        raise ValidationError(f"Lookup {key!r} contains a NUL character.")


def resolve_object(queryset: models.QuerySet, value: Any) -> models.Model:
    """Find exactly one object by pk, `{"id": pk}` or a dict of lookups; failures raise ValidationError."""
    queryset = visible_choices(queryset)
    model = queryset.model
    if isinstance(value, model):
        value = value.pk
    if isinstance(value, Mapping) and set(value) in ({"id"}, {"pk"}):
        value = next(iter(value.values()))
    if isinstance(value, Mapping):
        lookups = dict(value)
        for key, item in lookups.items():
            check_lookup_key(model, key)
            check_lookup_value(key, item)
        described = f"No {model._meta.verbose_name} matches {json.dumps(lookups, default=str)}."
    else:
        lookups = {"pk": normalize_pk(model, value)}
        described = f"{model_label(model)} with id {value} does not exist."
    try:
        matches = list(queryset.filter(**lookups)[:2])
    except (FieldError, ValueError, TypeError, ValidationError) as error:
        raise ValidationError(f"Invalid lookup for {model._meta.verbose_name}: {error}") from None
    if not matches:
        raise ValidationError(described, code="does_not_exist")
    if len(matches) > 1:
        raise ValidationError(
            f"Several {model._meta.verbose_name_plural} match {json.dumps(lookups, default=str)}; "
            "the lookups must identify exactly one.",
            code="multiple_objects",
        )
    return matches[0]


class ObjectChoiceField(forms.ModelChoiceField):
    """One object of a model, given as pk, `{"id": pk}` or a dict of lookups; "null" means none."""

    widget = APISelect

    def __init__(self, queryset, *, null_option=None, **kwargs):
        self.null_option = null_option
        super().__init__(queryset, **kwargs)
        self.widget.queryset = queryset
        self.widget.null_option = null_option

    def to_python(self, value):
        if value in self.empty_values or (self.null_option and value == NULL_VALUE):
            return None
        return resolve_object(self.queryset, value)


class MultiObjectChoiceField(forms.ModelMultipleChoiceField):
    """Several objects of a model, given as a list of pks (or `{"id": pk}`); returns a QuerySet."""

    widget = APISelectMultiple

    def __init__(self, queryset, *, null_option=None, **kwargs):
        super().__init__(queryset, **kwargs)
        self.widget.queryset = queryset
        self.widget.null_option = null_option

    def clean(self, value):
        if value in self.empty_values:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return self.queryset.none()
        if isinstance(value, models.QuerySet):
            value = list(value)
        if not isinstance(value, list | tuple):
            raise ValidationError(f"Enter a list of ids, not {describe_type(value)}.", code="invalid_list")
        model = self.queryset.model
        pks = [normalize_pk(model, self.item_pk(item)) for item in value]
        found = visible_choices(self.queryset).filter(pk__in=pks)
        existing = {str(pk) for pk in found.values_list("pk", flat=True)}
        missing = list(dict.fromkeys(str(pk) for pk in pks if str(pk) not in existing))
        if missing:
            raise ValidationError(
                f"{model_label(model, plural=True)} with these ids do not exist: {', '.join(missing)}.",
                code="does_not_exist",
            )
        self.run_validators(value)
        return found

    def item_pk(self, item):
        if isinstance(item, self.queryset.model):
            return item.pk
        if isinstance(item, Mapping) and set(item) in ({"id"}, {"pk"}):
            return next(iter(item.values()))
        return item
