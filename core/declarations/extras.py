"""What every inventory model's declaration gains from core.models.InventoryMixin, without naming it:
`tags` and `custom_fields` in its REST form, the `tag` and `cf_<name>` filters. A REST list reads each
row's tags and the model's custom field names in its own query (subqueries), so they cost no query more.
Core sits below the extras app that owns Tag and CustomField: they are found by the `tags` field's model
and by app label, never imported.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.postgres.aggregates import ArrayAgg, JSONBAgg
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import QuerySet
from django.db.models.functions import JSONObject
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.declarations.registry import declaration_for, is_declared
from core.filters import BaseFilterSet, RelatedSlugFilter
from core.models import InventoryMixin

CUSTOM_FIELD_FILTER = "cf_"


def has_extras(model: type[models.Model]) -> bool:
    return issubclass(model, InventoryMixin)


TAG_DATA = "_tag_data"
CUSTOM_FIELD_NAMES = "_custom_field_names"


def with_tags(queryset: QuerySet) -> QuerySet:
    """Each row with its tags (`_tag_data`: id, name, slug, colour, by name) and the model's custom field
    names (`_custom_field_names`), read by the row's own query: a list costs what it cost without them."""
    model = queryset.model
    if not has_extras(model):
        return queryset
    meta = model._meta.concrete_model._meta  # a proxy's (a DeviceRole's) tags and fields are its model's
    of_model = {"content_type__app_label": meta.app_label, "content_type__model": meta.model_name}
    through = model._meta.get_field("tags").remote_field.through
    tags = (
        through.objects.filter(object_id=models.OuterRef("pk"), **of_model)
        .order_by()
        .values("object_id")
        .annotate(
            data=JSONBAgg(
                JSONObject(id="tag_id", name="tag__name", slug="tag__slug", color="tag__color"),
                order_by="tag__name",
            )
        )
        .values("data")
    )
    names = (
        apps.get_model("extras", "CustomField")
        .objects.filter(**{f"content_types__{key.split('__')[1]}": value for key, value in of_model.items()})
        .order_by()
        .annotate(one=models.Value(1))
        .values("one")
        .annotate(names=ArrayAgg("name", order_by=("weight", "name")))
        .values("names")
    )
    return queryset.annotate(
        **{
            TAG_DATA: models.Subquery(tags, output_field=models.JSONField()),
            CUSTOM_FIELD_NAMES: models.Subquery(names, output_field=ArrayField(models.CharField())),
        }
    )


def custom_fields_of(model: type[models.Model]) -> list:
    return list(apps.get_model("extras", "CustomField").objects.get_for_model(model))


# --- REST ------------------------------------------------------------------------------------------------
@extend_schema_field(OpenApiTypes.OBJECT)
class CustomFieldsDataField(serializers.Field):
    """`custom_fields`: every custom field of the model by name (null when unset); written as a mapping,
    merged into the object's values (a PATCH of one field keeps the others). The model checks the values."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("source", "custom_field_data")
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def field_names(self, instance) -> list[str]:
        if hasattr(instance, CUSTOM_FIELD_NAMES):  # read with the row (with_tags)
            return getattr(instance, CUSTOM_FIELD_NAMES) or []
        # Else once per serializer: a list of 500 objects asks for the fields once.
        if not hasattr(self, "_names"):
            self._names = [field.name for field in custom_fields_of(self.parent.Meta.model)]
        return self._names

    def to_representation(self, instance) -> dict:
        value = instance.custom_field_data or {}
        return {name: value.get(name) for name in self.field_names(instance)} | value

    def to_internal_value(self, data: Any) -> dict:
        if not isinstance(data, dict):
            raise serializers.ValidationError("Custom fields are a mapping of field names to values.")
        instance = getattr(self.parent, "instance", None)
        existing = instance.custom_field_data if isinstance(instance, InventoryMixin) else {}
        merged = {**existing, **data}
        return {name: value for name, value in merged.items() if value is not None}


class TagListSerializer(serializers.ListSerializer):
    """`tags`: the tags' brief forms, from the tags read with the row when there (with_tags), else a query."""

    def get_attribute(self, instance):
        data = instance.__dict__.get(TAG_DATA, serializers.empty)
        if data is serializers.empty:
            return instance.tags.all()
        tag_model = self.child.Meta.model
        return [tag_model(**item) for item in data or []]


class ExtrasSerializerMixin:
    """Tags set after the object is saved (a many-to-many DRF does not see: taggit's manager), and the
    model's custom field errors under `custom_fields`, the name the client wrote them by."""

    def create(self, validated_data: dict):
        tags = validated_data.pop("tags", None)
        instance = super().create(validated_data)
        if tags is not None:
            instance.tags.set(tags)
        return instance

    def update(self, instance, validated_data: dict):
        tags = validated_data.pop("tags", None)
        instance = super().update(instance, validated_data)
        if tags is not None:
            instance.tags.set(tags)
            instance.__dict__.pop(TAG_DATA, None)  # read before the change
        return instance

    def validate_with_model(self, attrs: dict) -> None:
        try:
            super().validate_with_model(attrs)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict) and "custom_field_data" in error.detail:
                error.detail["custom_fields"] = error.detail.pop("custom_field_data")
            raise


def serializer_fields(model: type[models.Model]) -> dict[str, serializers.Field]:
    """`tags` (the tags' brief form, written as ids or `{"name": ...}` / `{"slug": ...}`) and `custom_fields`."""
    if not has_extras(model):
        return {}
    fields: dict[str, serializers.Field] = {"custom_fields": CustomFieldsDataField()}
    tag_model = model._meta.get_field("tags").related_model
    if is_declared(tag_model):
        fields["tags"] = TagListSerializer(
            child=declaration_for(tag_model).nested_serializer(), required=False
        )
    return fields


# --- Filters ---------------------------------------------------------------------------------------------
class ExtrasFilterSetMixin(BaseFilterSet):
    """`tag=<slug>` (repeated: objects with every tag, as NetBox) and `cf_<name>=<value>` (repeated: any)."""

    def known_parameter(self, name: str) -> bool:
        """`cf_<name>` of one of the model's custom fields (strict filtering refuses any other)."""
        if not name.startswith(CUSTOM_FIELD_FILTER):
            return False
        return any(
            field.name == name[len(CUSTOM_FIELD_FILTER) :] for field in custom_fields_of(self.queryset.model)
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        wanted = {
            key[len(CUSTOM_FIELD_FILTER) :]: key for key in self.data if key.startswith(CUSTOM_FIELD_FILTER)
        }
        if not wanted:
            return queryset
        for field in custom_fields_of(queryset.model):
            if field.name in wanted:
                values = self.data.getlist(wanted[field.name]) if hasattr(self.data, "getlist") else []
                queryset = queryset.filter(
                    custom_field_query(field, values or [self.data[wanted[field.name]]])
                )
        return queryset


def custom_field_query(field, values: list[str]) -> models.Q:
    """Objects whose value of `field` is any of `values` (text from a query string, read as the field's type)."""
    path = f"custom_field_data__{field.name}"
    query = models.Q()
    for text in values:
        if field.type == "multiselect":
            query |= models.Q(**{f"{path}__contains": text})
            continue
        try:
            value = parse_filter_value(field.type, text)
        except ValueError:
            continue  # a value the field can never hold matches nothing
        query |= models.Q(**{path: value})
    return query or models.Q(pk__in=[])


def parse_filter_value(kind: str, text: str) -> Any:
    if kind == "integer":
        return int(text)
    if kind == "decimal":
        return float(text)
    if kind == "boolean":
        lowered = text.lower()
        if lowered not in ("true", "false", "1", "0"):
            raise ValueError(text)
        return lowered in ("true", "1")
    return text


def filterset_fields(model: type[models.Model]) -> dict[str, RelatedSlugFilter]:
    if not has_extras(model):
        return {}
    tag_model = model._meta.get_field("tags").related_model
    return {"tag": RelatedSlugFilter(tag_model, "tags", conjoined=True, label="Tags (slug; every one given)")}
