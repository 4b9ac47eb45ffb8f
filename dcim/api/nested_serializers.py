"""Brief serializers of the inventory: generated from the declarations and found here by name
(`NestedSiteSerializer`); below, the status's, which is also written as the status's slug."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from rest_framework import serializers

from core.api.serializers import WritableNestedSerializer
from core.declarations.api import declared_serializers
from core.uuids import is_uuid
from dcim.fields import StatusField, UnknownStatus

__getattr__ = declared_serializers("dcim")


class NestedStatusSerializerBase(WritableNestedSerializer):
    """Also written as the status's slug, `"status": "active"`, as Nautobot 1.x clients (pynautobot) send it."""

    def to_internal_value(self, data):
        status_field = self.status_field()
        if isinstance(data, str) and status_field is not None and not is_uuid(data):
            try:
                status = status_field.resolve_status(data)
            except UnknownStatus as error:
                raise serializers.ValidationError(str(error)) from None
            data = {"pk": status.pk}  # through the lookup below, so the user must be allowed to view it
        return super().to_internal_value(data)

    def status_field(self) -> StatusField | None:
        """The model field this serializer writes (the parent serializer's `status`), if it is a StatusField."""
        model = getattr(getattr(self.parent, "Meta", None), "model", None)
        try:
            field = model._meta.get_field(self.source) if model is not None else None
        except FieldDoesNotExist:
            return None
        return field if isinstance(field, StatusField) else None
