"""Serializers of the inventory API: generated from the declarations (dcim/declarations/) and found here by
name (`SiteSerializer`, `NestedSiteSerializer`) as the change log expects; below, what no rule gives."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import ContentTypeField
from core.api.serializers import BaseModelSerializer
from core.declarations import declaration_for
from core.declarations.api import declared_serializers
from dcim.models.cables import PORT_TYPES

__getattr__ = declared_serializers("dcim")


class CableEndSerializer(serializers.Serializer):
    """Schema of a cable end: the brief form of whichever port it is."""

    id = serializers.UUIDField()
    url = serializers.URLField()
    display = serializers.CharField()
    name = serializers.CharField()


@extend_schema_field(CableEndSerializer(allow_null=True))
class CableEndField(serializers.Field):
    """A read-only cable end or path endpoint of whichever kind it is (a port, a circuit termination, a
    provider network), in that model's brief form: an interface's endpoint may be a circuit's termination."""

    def __init__(self, **kwargs):
        super().__init__(**{**kwargs, "read_only": True})

    def to_representation(self, value) -> dict:
        return declaration_for(value).nested_serializer(value, context=self.context).data


class CableSerializerBase(BaseModelSerializer):
    """Ends are written as a type ("dcim.interface") and an id, and read back as brief ports too."""

    termination_a_type = ContentTypeField(queryset=ContentType.objects.filter(PORT_TYPES))
    termination_b_type = ContentTypeField(queryset=ContentType.objects.filter(PORT_TYPES))
    termination_a = serializers.SerializerMethodField()
    termination_b = serializers.SerializerMethodField()

    @extend_schema_field(CableEndSerializer(allow_null=True))
    def get_termination_a(self, cable) -> dict | None:
        return self._brief_end(cable.termination_a)

    @extend_schema_field(CableEndSerializer(allow_null=True))
    def get_termination_b(self, cable) -> dict | None:
        return self._brief_end(cable.termination_b)

    def _brief_end(self, port) -> dict | None:
        if port is None:
            return None
        return declaration_for(port).nested_serializer(port, context=self.context).data
