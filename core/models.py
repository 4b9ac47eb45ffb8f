"""The abstract base every jobsplatform model inherits (UUID key, timestamps, validated_save, restrict), the
mark of a change-logged model (ChangeLoggedMixin: `snapshot()`, the related object of its changes) and what
every inventory model has (InventoryMixin: tags and custom fields)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from taggit.managers import TaggableManager

Restriction = Callable[[models.QuerySet, Any, str], models.QuerySet]
_restriction: Restriction | None = None
Serialization = Callable[[models.Model], dict]
_serialization: Serialization | None = None
CustomFieldRule = Callable[[models.Model], None]
_custom_field_defaults: CustomFieldRule | None = None
_custom_field_validation: CustomFieldRule | None = None


def set_restriction(restriction: Restriction) -> None:
    """The users app says how a queryset narrows to what a user may act on (core sits below users)."""
    global _restriction
    _restriction = restriction


def set_change_serialization(serialization: Serialization) -> None:
    """The change log says how an object is serialized for it (core sits below the jobs app that owns it)."""
    global _serialization
    _serialization = serialization


def set_custom_field_rules(fill_defaults: CustomFieldRule, validate: CustomFieldRule) -> None:
    """The extras app says how custom field defaults are filled in and values checked (core sits below it)."""
    global _custom_field_defaults, _custom_field_validation
    _custom_field_defaults, _custom_field_validation = fill_defaults, validate


NAUTOBOT_CUSTOM_FIELD_DATA = "_custom_field_data"


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to the objects a user may act on (core.permissions decides).

    Nautobot's name of the custom field values in lookups, `_custom_field_data__owner="netops"`, is read as
    `custom_field_data__owner` (InventoryMixin's field).
    """

    def _filter_or_exclude(self, negate, args, kwargs):
        if any(name.startswith(NAUTOBOT_CUSTOM_FIELD_DATA) for name in kwargs):
            kwargs = {
                (name[1:] if name.startswith(NAUTOBOT_CUSTOM_FIELD_DATA) else name): value
                for name, value in kwargs.items()
            }
        return super()._filter_or_exclude(negate, args, kwargs)

    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        if _restriction is None:
            raise ImproperlyConfigured("No restriction is set: the users app is not installed or not ready.")
        return _restriction(self, user, action)


class BaseModel(models.Model):
    """UUID primary key, created/last-updated timestamps and a save that validates first."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        meta = self._meta
        return reverse(f"{meta.app_label}:{meta.model_name}", kwargs={"pk": self.pk})

    def validated_save(self, *args, **kwargs) -> None:
        """Run full model validation, then save: what job authors should call instead of save()."""
        self.full_clean()
        self.save(*args, **kwargs)


class AutoSlugMixin:
    """A model whose slug, when none is given, is made from another field (`slug_source`, the name by
    default), as Nautobot 1.x's AutoSlugField makes it and as Nautobot 2.x code, whose models have no slug
    at all, needs: `Manufacturer.objects.create(name="Arista")` and `validated_save()` work without one."""

    slug_source = "name"

    def fill_slug(self) -> None:
        if not self.slug:
            self.slug = slugify(getattr(self, self.slug_source) or "")[
                : self._meta.get_field("slug").max_length
            ]

    def full_clean(self, *args, **kwargs) -> None:
        self.fill_slug()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs) -> None:
        self.fill_slug()
        super().save(*args, **kwargs)


class ChangeLoggedMixin:
    """Every create, update and delete of a model with this mixin is recorded in the change log.

    The change log (extras/changes/) reads an object's "before" from its database row, so callers need
    not do anything; `snapshot()` exists for scripts written for NetBox, which call it before editing.
    """

    # The field naming the object a change belongs to as well (a port's device): its change log shows it.
    changelog_related_field: str | None = None
    # Dotted path of the serializer giving the recorded data; by default the app's REST serializer
    # (`<app_label>.api.serializers.<Model>Serializer`), else every concrete field.
    changelog_serializer: str | None = None
    # Fields never recorded (secrets, bookkeeping), for models recorded field by field.
    changelog_exclude: tuple[str, ...] = ()

    def snapshot(self) -> dict:
        """NetBox's pre-change snapshot: the object's recorded data as it is in memory now.

        Kept in `_prechange_snapshot`; the change log itself takes the "before" from the database row.
        """
        from django.forms.models import model_to_dict

        data = _serialization(self) if _serialization is not None else model_to_dict(self)
        self._prechange_snapshot = data
        return data


class InventoryMixin(models.Model):
    """What every inventory model has, as NetBox's and Nautobot's primary models do: tags and custom fields.

    `obj.tags.add(tag)`, `.set([...])`, `.all()` and `filter(tags__slug=...)` (django-taggit's manager, through
    extras.TaggedItem: no column of its own); `custom_field_data`, read as NetBox and Nautobot code reads it
    (`obj.cf["name"]`, the same dict), is checked against the custom fields of the model (extras.CustomField)
    by full_clean(), and a new object takes the fields' defaults. Declared models without it fail
    tests/core/declarations/test_every_declared_model_has_extras.py.
    """

    custom_field_data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    tags = TaggableManager(through="extras.TaggedItem", blank=True, verbose_name="tags", help_text="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.custom_field_data is None:
            self.custom_field_data = {}
        if _custom_field_defaults is not None and self._state.adding:
            _custom_field_defaults(self)
        super().save(*args, **kwargs)

    @property
    def cf(self) -> dict:
        """The custom field values by name: `custom_field_data` itself, so writes to it are kept."""
        return self.custom_field_data

    @property
    def _custom_field_data(self) -> dict:
        """Nautobot's name of the same values (its model field), which some job code reads or writes."""
        return self.custom_field_data

    @_custom_field_data.setter
    def _custom_field_data(self, value: dict) -> None:
        self.custom_field_data = value

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True) -> None:
        if _custom_field_defaults is not None and self._state.adding:
            _custom_field_defaults(self)
        errors: dict = {}
        try:
            super().full_clean(exclude, validate_unique, validate_constraints)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if _custom_field_validation is not None and "custom_field_data" not in (exclude or ()):
            try:
                _custom_field_validation(self)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


def fill_custom_field_defaults(objects: list[InventoryMixin]) -> None:
    """New objects of one model, about to be created in bulk (no save() fills them), given the custom field
    defaults of their model: read once, for the first, and copied to the others."""
    if not objects or _custom_field_defaults is None:
        return
    first = objects[0]
    _custom_field_defaults(first)
    for obj in objects[1:]:
        obj.custom_field_data = {**copy.deepcopy(first.custom_field_data), **obj.custom_field_data}


class DefaultStatusMixin:
    """A model whose status NetBox code may leave out: it gets `default_status` (a slug) when none is given,
    as NetBox's choice field default gives it."""

    default_status = "active"

    def fill_status(self) -> None:
        if self.status_id is None:
            field = self._meta.get_field("status")
            self.status = (
                field.remote_field.model.objects.get_for_model(self).filter(slug=self.default_status).first()
            )

    def full_clean(self, *args, **kwargs) -> None:
        self.fill_status()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs) -> None:
        self.fill_status()
        super().save(*args, **kwargs)


def renamed_lookups(kwargs: dict, names: dict[str, str]) -> dict:
    """Lookups under Nautobot 2.x's field names (`cluster_type__name`) turned into the fields' own (`type__name`)."""
    renamed = {}
    for lookup, value in kwargs.items():
        first, sep, rest = lookup.partition("__")
        renamed[f"{names.get(first, first)}{sep}{rest}"] = value
    return renamed
