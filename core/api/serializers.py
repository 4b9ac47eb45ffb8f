"""Serializer bases: every object carries id, url and display; choices render as {value, label}."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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
        validated = super().run_validation(data)
        self.validate_with_model(validated)
        return validated

    def validate_with_model(self, attrs: dict) -> None:
        from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
        from django.core.exceptions import ValidationError as DjangoValidationError
        from rest_framework.settings import api_settings

        model = self.Meta.model
        instance = self.instance if self.instance is not None else model()
        for name, value in attrs.items():
            try:
                many_to_many = model._meta.get_field(name).many_to_many
            except FieldDoesNotExist:  # a settable property, e.g. Prefix.prefix
                many_to_many = False
            if not many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean(validate_unique=True)
        except DjangoValidationError as error:
            messages = (
                error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            )
            if NON_FIELD_ERRORS in messages:
                messages[api_settings.NON_FIELD_ERRORS_KEY] = messages.pop(NON_FIELD_ERRORS)
            raise serializers.ValidationError(messages) from None


class NestedSerializer(BaseModelSerializer):
    """Small representation used inside other objects: id, url, display and a few identifying fields."""
