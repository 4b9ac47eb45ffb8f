"""Serializer fields of the inventory API: content types as "app.model", addresses and networks as text."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dcim.addressing import parse_interface_address, parse_network


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


class _AddressTextField(serializers.CharField):
    parser = staticmethod(parse_network)

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        try:
            return self.parser(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def to_representation(self, value) -> str:
        return str(value)


class IPNetworkField(_AddressTextField):
    """A network as text, e.g. "10.0.0.0/24" (host bits are judged by the model, which suggests a fix)."""


class IPAddressWithMaskField(_AddressTextField):
    """An address with its mask as text, e.g. "10.0.0.1/24"."""

    parser = staticmethod(parse_interface_address)
