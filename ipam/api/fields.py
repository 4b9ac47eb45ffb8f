"""Serializer fields of the IPAM API: networks and addresses written and read as text."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
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
