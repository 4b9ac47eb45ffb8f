"""Serializers of the tenancy API: generated from the declarations (tenancy/declarations.py), found here by name
(`TenantSerializer`, `NestedTenantSerializer`) as the change log and other code expect."""

from core.declarations.api import declared_serializers

__getattr__ = declared_serializers("tenancy")
