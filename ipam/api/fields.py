"""Serializer fields of the IPAM API: networks and addresses written and read as text."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ipam.addressing import parse_interface_address, parse_network


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


@extend_schema_field(OpenApiTypes.OBJECT)
class BriefRelatedField(serializers.RelatedField):
    """One related object of a many-to-many (`many=True`): read as its brief form, written as a pk, `{"id": pk}`
    or lookups (`{"name": "65000:100"}`), as a nested foreign key is; a VRF's route targets."""

    def __init__(self, label: str, **kwargs) -> None:
        self.model_label = label
        super().__init__(**kwargs)

    def _nested(self):
        from core.declarations.registry import declaration_for

        return declaration_for(self.model_label).nested_serializer(context=self.context)

    def get_queryset(self):
        from core.declarations.registry import declaration_for

        return declaration_for(self.model_label).model.objects.all()

    def to_representation(self, value) -> dict:
        return self._nested().to_representation(value)

    def to_internal_value(self, data):
        return self._nested().to_internal_value(data)

    def use_pk_only_optimization(self) -> bool:
        return False
