"""Serializers of the virtualization API: generated from the declarations (virtualization/declarations.py), found
here by name (`VirtualMachineSerializer`, `NestedClusterSerializer`) as the change log and other code expect."""

from core.declarations.api import declared_serializers

__getattr__ = declared_serializers("virtualization")
