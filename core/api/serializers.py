"""Serializer bases: every object carries id, url and display; choices render as {value, label}; related
objects nest in their brief form and are written by pk or lookups."""

from __future__ import annotations

from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    FieldError,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from core.api.links import ObjectUrlField


class ChoiceField(serializers.ChoiceField):
    """Reads a plain value (or a {value: ...} dict) and writes {"value": ..., "label": ...}."""

    def to_representation(self, value):
        if value in ("", None):
            return None
        return {"value": value, "label": self.choices.get(value, value)}

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("value")
        return super().to_internal_value(data)

    def validate_empty_values(self, data):
        """An optional choice that is empty reads as null; written back as null it stays empty."""
        if data is None and self.allow_blank and not self.allow_null:
            return True, ""
        return super().validate_empty_values(data)


@extend_schema_field(OpenApiTypes.STR)
class DisplayField(serializers.SerializerMethodField):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(value)

    def bind(self, field_name, parent):
        serializers.Field.bind(self, field_name, parent)

    def get_attribute(self, instance):
        return instance


class BaseModelSerializer(serializers.HyperlinkedModelSerializer):
    """ModelSerializer with `id`, absolute `url` and `display` first; FKs accepted as a pk (or {id: pk})."""

    serializer_related_field = serializers.PrimaryKeyRelatedField
    serializer_choice_field = ChoiceField
    id = serializers.UUIDField(read_only=True)
    display = DisplayField()

    def build_url_field(self, field_name, model_class):
        meta = model_class._meta
        return ObjectUrlField, {"view_name": f"{meta.app_label}-api:{meta.model_name}-detail"}

    def run_validation(self, data=serializers.empty):
        # The model's own clean() (unique and cross-field rules) runs on the candidate instance, so a bad
        # request is a 400 with field messages rather than an IntegrityError further down.
        refuse_unknown_fields(self, data)
        validated = super().run_validation(data)
        self.validate_with_model(validated)
        return validated

    def validate_with_model(self, attrs: dict) -> None:
        model = self.Meta.model
        instance = self.instance if self.instance is not None else model()
        pending = {}  # many-to-many values, set after the save: clean() may read them here
        for name, value in attrs.items():
            try:
                many_to_many = model._meta.get_field(name).many_to_many
            except FieldDoesNotExist:  # a settable property, e.g. Prefix.prefix
                many_to_many = False
            if many_to_many:
                pending[name] = value
            else:
                setattr(instance, name, value)
        instance._pending_many_to_many = pending
        try:
            instance.full_clean(validate_unique=True)
        except DjangoValidationError as error:
            messages = (
                error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            )
            if NON_FIELD_ERRORS in messages:
                messages[api_settings.NON_FIELD_ERRORS_KEY] = messages.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(messages) from None


def refuse_unknown_fields(serializer: serializers.Serializer, data) -> None:
    """A field the serializer does not know is an error naming it, never silently dropped.

    Dropping it (as DRF, NetBox and Nautobot do) answers 201 to `{"mtu": 9000}` and leaves the client sure
    the value was stored. Read-only fields are known: a body read from the API may be sent back as is.
    """
    if not isinstance(data, dict):
        return
    unknown = [name for name in data if name not in serializer.fields]
    if unknown:
        raise serializers.ValidationError(
            {
                name: [f"Unknown field: {serializer.Meta.model._meta.verbose_name} has no field {name!r}."]
                for name in unknown
            }
        )


class NestedSerializer(BaseModelSerializer):
    """Small representation used inside other objects: id, url, display and a few identifying fields."""


class WritableNestedSerializer(NestedSerializer):
    """Reads as a brief object; on write accepts a pk, `{"id": pk}` or lookups such as `{"slug": "branch-1"}`.

    Lookups run against the objects the requesting user may view, so a constrained user cannot
    attach objects they cannot see.
    """

    def run_validation(self, data=serializers.empty):
        # A related object, not a payload to validate against the model: skip the base's model check.
        is_empty, data = self.validate_empty_values(data)
        if is_empty:
            return data
        return self.to_internal_value(data)

    def to_internal_value(self, data):
        model = self.Meta.model
        queryset = model.objects.all()
        request = self.context.get("request")
        if request is not None:
            queryset = queryset.restrict(request.user, "view")
        lookups = data if isinstance(data, dict) else {"pk": data}
        name = model._meta.verbose_name
        if any(isinstance(value, str) and "\x00" in value for value in lookups.values()):
            # PostgreSQL cannot even compare text holding NUL: refuse before the query.
            raise serializers.ValidationError(
                f"Invalid {name} reference: lookups cannot contain NUL characters."
            )
        try:
            return queryset.get(**lookups)
        except ObjectDoesNotExist:
            raise serializers.ValidationError(f"No {name} matches {_describe(lookups)}.") from None
        except MultipleObjectsReturned:
            raise serializers.ValidationError(f"More than one {name} matches {_describe(lookups)}.") from None
        except (FieldError, DjangoValidationError, TypeError, ValueError):
            raise serializers.ValidationError(
                f"Invalid {name} reference {data!r}: use an id or lookups."
            ) from None


def _describe(lookups: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in lookups.items())
