"""Serializers of the IPAM API: generated from the declarations (ipam/declarations/), found here by name
(`PrefixSerializer`, `NestedPrefixSerializer`) as the change log and other code expect."""

from core.declarations.api import declared_serializers

__getattr__ = declared_serializers("ipam")
