"""Serializer bases: every object carries id, url and display; choices render as {value, label}."""

from __future__ import annotations

from rest_framework import serializers


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
        return serializers.HyperlinkedIdentityField, {"view_name": f"{meta.app_label}-api:{meta.model_name}-detail"}

    def run_validation(self, data=serializers.empty):
        # The model's own clean() (unique and cross-field rules) runs on the candidate instance, so a bad
        # request is a 400 with field messages rather than an IntegrityError further down.
        validated = super().run_validation(data)
        self.validate_with_model(validated)
        return validated

    def validate_with_model(self, attrs: dict) -> None:
        from django.core.exceptions import ValidationError as DjangoValidationError

        model = self.Meta.model
        instance = self.instance if self.instance is not None else model()
        for name, value in attrs.items():
            field = model._meta.get_field(name)
            if not field.many_to_many:
                setattr(instance, name, value)
        try:
            instance.full_clean(validate_unique=True)
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            ) from None


class NestedSerializer(BaseModelSerializer):
    """Small representation used inside other objects: id, url, display and a few identifying fields."""
