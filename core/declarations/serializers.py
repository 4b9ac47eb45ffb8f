"""REST serializers from declared names: `<Model>Serializer` and its brief form `Nested<Model>Serializer`.

Every object reads as `id`, `url`, `display`, the declared fields, then `created` and `last_updated`.
A relation to another declared model nests that model's brief form and is written by id or lookups
(`{"slug": "paris"}`); a relation without a value is null; a field with choices reads as
`{value, label}`; content types read and write as "app_label.model". `api_extra` declares what no
model field says (a computed `parent`, an address written as text), and `nested("app.model", ...)`
names another model's brief form there before that model is declared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from core.api.fields import ContentTypeField
from core.api.serializers import BaseModelSerializer, WritableNestedSerializer
from core.declarations import extras
from core.declarations.fields import is_foreign_key
from core.declarations.registry import Declaration, declaration_for, is_declared

IDENTITY = ("id", "url", "display")
EXTRAS = ("tags", "custom_fields")
TIMESTAMPS = ("created", "last_updated")


class NestedRef:
    """Another declared model's brief form, built when the serializer holding it is first built."""

    def __init__(self, label: str, **kwargs: Any):
        self.label = label
        self.kwargs = kwargs

    def build(self, *, read_only: bool = False) -> serializers.Serializer:
        kwargs = _read_only_kwargs(self.kwargs) if read_only else dict(self.kwargs)
        return declaration_for(self.label).nested_serializer(**kwargs)


class NestedList(serializers.ListField):
    """A to-many relation (an interface's tagged VLANs): a list of brief objects, written as a list of ids or
    lookups. Not a nested serializer, so ModelSerializer sets the relation itself after the save."""

    def to_representation(self, data):
        items = data.all() if hasattr(data, "all") else data
        return [self.child.to_representation(item) for item in items]


class NestedManyRef(NestedRef):
    def build(self, *, read_only: bool = False) -> serializers.Field:
        kwargs = _read_only_kwargs(self.kwargs) if read_only else dict(self.kwargs)
        return NestedList(child=declaration_for(self.label).nested_serializer(), **kwargs)


def nested_many(label: str, **kwargs: Any) -> NestedManyRef:
    """`nested_many("ipam.vlan", required=False)`: a list of brief related objects in `api_extra`."""
    return NestedManyRef(label, **kwargs)


def nested(label: str, **kwargs: Any) -> NestedRef:
    """`nested("ipam.prefix", read_only=True, allow_null=True)`: a brief related object in `api_extra`."""
    return NestedRef(label, **kwargs)


def _read_only_kwargs(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    kept = {key: value for key, value in kwargs.items() if key not in ("required", "default", "read_only")}
    return {**kept, "read_only": True}


def read_only_copy(field: serializers.Field | NestedRef) -> serializers.Field:
    """The same field, read-only (for a brief form built from the full form's declared fields)."""
    if isinstance(field, NestedRef):
        return field.build(read_only=True)
    return type(field)(*field._args, **_read_only_kwargs(field._kwargs))


def nested_for(field: models.Field, *, read_only: bool = False) -> serializers.Serializer:
    """The brief form of the model a relation points at, required and nullable as the relation is."""
    serializer = declaration_for(field.related_model).nested_serializer
    if read_only or not field.editable:
        return serializer(read_only=True, allow_null=field.null)
    if field.blank or field.null:
        return serializer(required=not field.blank, allow_null=field.null)
    return serializer()


def model_field_serializer(model: type[models.Model], name: str) -> serializers.Field | None:
    """A serializer field for what ModelSerializer maps poorly: relations and content types; else None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise ValueError(f"{model._meta.label}: {name!r} is no field; declare it in api_extra.") from None
    if is_foreign_key(field) and is_declared(field.related_model):
        return nested_for(field)
    if field.many_to_many and field.related_model is ContentType:
        return ContentTypeField(many=True, required=not field.blank, help_text=field.help_text)
    return None


def _declared_field(extra: serializers.Field | NestedRef | None) -> serializers.Field | None:
    return extra.build() if isinstance(extra, NestedRef) else extra


def _display_attrs(model: type[models.Model]) -> dict[str, serializers.Field]:
    # A model with a `display` property (ports: "edge-1 \u203a eth0") shows it rather than its str().
    if isinstance(getattr(model, "display", None), property):
        return {"display": serializers.CharField(read_only=True)}
    return {}


def _meta(base: type, model: type[models.Model], fields: Sequence[str]) -> type:
    return type("Meta", (getattr(base, "Meta", object),), {"model": model, "fields": list(fields)})


def build_serializer(declaration: Declaration) -> type[BaseModelSerializer]:
    model = declaration.model
    base = declaration.serializer_base or BaseModelSerializer
    attrs: dict[str, Any] = _display_attrs(model)
    added = extras.serializer_fields(model)
    if added:  # tags and custom fields of an inventory model (core/declarations/extras.py)
        base = type(base.__name__, (extras.ExtrasSerializerMixin, base), {})
        attrs.update(added)
    for name in declaration.api_fields:
        if name in base._declared_fields:
            continue
        field = _declared_field(declaration.api_extra.get(name))
        if field is None:
            field = model_field_serializer(model, name)
        if field is not None:
            attrs[name] = field
    attrs["Meta"] = _meta(base, model, [*IDENTITY, *declaration.api_fields, *added, *TIMESTAMPS])
    return _named(type(f"{model.__name__}Serializer", (base,), attrs), model)


def build_nested_serializer(declaration: Declaration) -> type[WritableNestedSerializer]:
    model = declaration.model
    base = declaration.nested_base or WritableNestedSerializer
    attrs: dict[str, Any] = _display_attrs(model)
    for name in declaration.brief_fields:
        if name in base._declared_fields:
            continue
        if name in declaration.api_extra:
            attrs[name] = read_only_copy(declaration.api_extra[name])
            continue
        field = model._meta.get_field(name)
        if is_foreign_key(field) and is_declared(field.related_model):
            attrs[name] = nested_for(field, read_only=True)
    attrs["Meta"] = _meta(base, model, [*IDENTITY, *declaration.brief_fields])
    return _named(type(f"Nested{model.__name__}Serializer", (base,), attrs), model, "Nested")


def _named(serializer: type, model: type[models.Model], prefix: str = "") -> type:
    """A proxy named as the model it views (ipam.Role of dcim.Role) gets its app in its OpenAPI component name
    (`IPAMRole`): two components of one name would make an incorrect schema."""
    meta = model._meta
    if meta.proxy and model.__name__ == meta.concrete_model.__name__:
        name = f"{prefix}{meta.app_label.upper()}{model.__name__}"
        return extend_schema_serializer(component_name=name)(serializer)
    return serializer
