"""Kept for the modules that import ContentTypeField from here; it lives in core.api.fields."""

from core.api.fields import ContentTypeField

__all__ = ["ContentTypeField"]
