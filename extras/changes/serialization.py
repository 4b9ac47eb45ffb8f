"""How a change-logged object is recorded: the REST API's representation of it, built without a request.

Each model is serialized by its REST serializer (`<app_label>.api.serializers.<Model>Serializer`, or the
dotted path in its `changelog_serializer`) with `{"request": None}` as context, so URLs are relative
(`/api/dcim/sites/<id>/`) and no request is needed in a worker. A model without one (object
permissions, tokens) is recorded field by field in the same style: `id`, `url`, `display`, each
concrete field by name, a relation as the related object's id, a many-to-many as a sorted list of ids
(content types as `app_label.model`), minus `changelog_exclude`. Objects are read in bulk, one query per
model with their forward relations joined, so recording N objects of a kind costs a fixed number of
queries (plus whatever the serializer's own derived fields ask for).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils.module_loading import import_string
from rest_framework.utils.encoders import JSONEncoder

from core.models import ChangeLoggedMixin

# Keys that change on every save, or by themselves: never a reason to record an update, never compared.
IGNORED_KEYS = frozenset({"created", "last_updated", "date_changed", "last_login", "last_synced"})
NEVER_RECORDED = frozenset({"password"})


@dataclass(frozen=True)
class ObjectState:
    """One object as recorded: its text, its data, and the object its changes also belong to."""

    text: str
    data: dict
    related: tuple[int, Any] | None  # (content type id, object id)


class ModelRecorder:
    """Reads and serializes the objects of one change-logged model."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.serializer_class = serializer_class_for(model)
        meta = model._meta
        self.foreign_keys = [field.name for field in meta.concrete_fields if field.many_to_one]
        self.many_to_many = [field.name for field in meta.many_to_many]
        related_name = getattr(model, "changelog_related_field", None)
        self.related_field = meta.get_field(related_name) if related_name else None

    def queryset(self) -> models.QuerySet:
        queryset = self.model._default_manager.all()
        if self.foreign_keys:
            queryset = queryset.select_related(*self.foreign_keys)
        if self.many_to_many:
            queryset = queryset.prefetch_related(*self.many_to_many)
        return queryset

    def read(self, pks) -> dict[Any, ObjectState]:
        """The current state of the objects `pks` that exist (as this connection sees them)."""
        instances = list(self.queryset().filter(pk__in=list(pks)))
        return dict(zip((instance.pk for instance in instances), self.states(instances), strict=True))

    def states(self, instances: list[models.Model]) -> list[ObjectState]:
        data = self.serialize(instances)
        return [
            ObjectState(text=str(instance)[:200], data=values, related=self.related_of(instance))
            for instance, values in zip(instances, data, strict=True)
        ]

    def serialize(self, instances: list[models.Model]) -> list[dict]:
        if not instances:
            return []
        if self.serializer_class is not None:
            data = self.serializer_class(instances, many=True, context={"request": None}).data
        else:
            data = [self.fields_of(instance) for instance in instances]
        # Plain JSON values (no UUID, datetime, OrderedDict), as stored and as compared.
        return json.loads(json.dumps(data, cls=JSONEncoder))

    def fields_of(self, instance: models.Model) -> dict:
        meta = self.model._meta
        excluded = NEVER_RECORDED | set(getattr(self.model, "changelog_exclude", ()))
        data: dict[str, Any] = {"id": instance.pk, "url": api_url(instance), "display": str(instance)}
        for field in meta.concrete_fields:
            if field.primary_key or field.name in excluded:
                continue
            value = getattr(instance, field.attname)
            data[field.name] = value
        for field in meta.many_to_many:
            if field.name in excluded:
                continue
            related = getattr(instance, field.name).all()
            if field.related_model is ContentType:
                data[field.name] = sorted(f"{item.app_label}.{item.model}" for item in related)
            else:
                data[field.name] = sorted(str(item.pk) for item in related)
        return data

    def related_of(self, instance: models.Model) -> tuple[int, Any] | None:
        field = self.related_field
        if field is None:
            return None
        related_id = getattr(instance, field.attname)
        if related_id is None:
            return None
        return ContentType.objects.get_for_model(field.related_model).pk, related_id


def serializer_class_for(model: type[models.Model]):
    """The model's REST serializer; None when it has none (then it is recorded field by field)."""
    path = getattr(model, "changelog_serializer", None)
    if path:
        return import_string(path)  # named explicitly: a wrong path is a bug, not a fallback
    meta = model._meta
    try:
        return import_string(f"{meta.app_label}.api.serializers.{model.__name__}Serializer")
    except ImportError:
        return None


def api_url(instance: models.Model) -> str | None:
    meta = instance._meta
    try:
        return reverse(f"{meta.app_label}-api:{meta.model_name}-detail", kwargs={"pk": instance.pk})
    except NoReverseMatch:
        return None


@cache
def recorder_for(model: type[models.Model]) -> ModelRecorder:
    return ModelRecorder(model._meta.concrete_model)


def prepare_recording() -> None:
    """Load what recording a change needs (every model's serializer, the URL map its URLs come from), so
    a process's first recorded change does not pay for it: a worker calls this before it forks its pool."""
    get_resolver().url_patterns  # noqa: B018 - imports the URL configuration
    for model in apps.get_models():
        if issubclass(model, ChangeLoggedMixin):
            recorder_for(model)


def serialize_object(instance: models.Model) -> dict:
    """One object, as it is in memory, in its recorded form (what `obj.snapshot()` returns)."""
    return recorder_for(type(instance)).serialize([instance])[0]


def without_ignored_keys(data: dict | None) -> dict | None:
    if data is None:
        return None
    return {key: value for key, value in data.items() if key not in IGNORED_KEYS}
