"""Serializers of the circuits API: generated from the declarations (circuits/declarations.py), found here by
name (`CircuitSerializer`, `NestedCircuitSerializer`) as the change log and other code expect."""

from core.declarations.api import declared_serializers

__getattr__ = declared_serializers("circuits")
