"""Serializer fields shared by every app's API: content types written and read as "app_label.model"."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.STR)
class ContentTypeField(serializers.RelatedField):
    """A content type written and read as "app_label.model", e.g. "dcim.device"."""

    default_error_messages = {
        "does_not_exist": 'No model "{value}" (use app_label.model, e.g. "dcim.device").',
        "invalid": 'Use app_label.model, e.g. "dcim.device".',
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ContentType.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or "." not in data:
            self.fail("invalid")
        app_label, model = data.lower().split(".", 1)
        try:
            return self.get_queryset().get(app_label=app_label, model=model)
        except ContentType.DoesNotExist:
            self.fail("does_not_exist", value=data)

    def to_representation(self, value) -> str:
        return f"{value.app_label}.{value.model}"
