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
class AddressRoleField(serializers.Field):
    """IPAddress.role for clients of both products: reads as the role's brief form (Nautobot 2.x) plus
    NetBox's `{value, label}`; written as a value ("loopback"), a name, an id, or `{"value"|"id": ...}`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, role) -> dict:
        from core.declarations.registry import declaration_for

        nested = declaration_for("dcim.role").nested_serializer(context=self.context)
        return {**nested.to_representation(role), "value": role.slug, "label": role.name}

    def to_internal_value(self, data):
        from dcim.fields import UnknownRole
        from ipam.models import IPAddress

        if isinstance(data, dict):
            data = next((data[key] for key in ("value", "id", "slug", "name") if data.get(key)), None)
        if not isinstance(data, str) or not data.strip():
            raise serializers.ValidationError('Give a role\'s value (e.g. "loopback"), name or id.')
        field = IPAddress._meta.get_field("role")
        try:
            return field.resolve_status(data)
        except UnknownRole as error:
            raise serializers.ValidationError(str(error)) from None


@extend_schema_field(OpenApiTypes.OBJECT)
class NestedAddressField(serializers.RelatedField):
    """One IP address of a list (`Service.ipaddresses`, with `many=True`): reads as the address's brief form,
    written by id or lookups as any nested object is (DRF writes no nested serializer in a list)."""

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", None)
        super().__init__(**kwargs)

    def get_queryset(self):
        from ipam.models import IPAddress

        return IPAddress.objects.all()

    def _nested(self):
        from core.declarations.registry import declaration_for

        return declaration_for("ipam.ipaddress").nested_serializer(context=self.context)

    def to_representation(self, value) -> dict:
        return self._nested().to_representation(value)

    def to_internal_value(self, data):
        return self._nested().to_internal_value(data)

    def use_pk_only_optimization(self) -> bool:
        return False


@extend_schema_field(OpenApiTypes.OBJECT)
class BriefRelatedField(NestedAddressField):
    """One related object of any declared model in a list (`many=True`), as NestedAddressField is for
    addresses: a VRF's route targets, written as `{"name": "65000:100"}` or an id."""

    def __init__(self, label: str, **kwargs) -> None:
        self.model_label = label
        super().__init__(**kwargs)

    def get_queryset(self):
        from core.declarations.registry import declaration_for

        return declaration_for(self.model_label).model.objects.all()

    def _nested(self):
        from core.declarations.registry import declaration_for

        return declaration_for(self.model_label).nested_serializer(context=self.context)
