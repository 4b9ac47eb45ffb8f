"""Brief serializers for related objects: id, url, display and the identifying fields; writable by pk or lookups."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, FieldError, MultipleObjectsReturned, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.fields import empty

from core.api.serializers import NestedSerializer
from dcim import models
from dcim.api.fields import IPAddressWithMaskField, IPNetworkField
from dcim.fields import StatusField, UnknownStatus, is_uuid


class WritableNestedSerializer(NestedSerializer):
    """Reads as a brief object; on write accepts a pk, `{"id": pk}` or lookups such as `{"slug": "branch-1"}`.

    Lookups run against the objects the requesting user may view, so a constrained user cannot
    attach objects they cannot see.
    """

    def run_validation(self, data=empty):
        # A related object, not a payload to validate against the model: skip the base's model check.
        is_empty, data = self.validate_empty_values(data)
        if is_empty:
            return data
        return self.to_internal_value(data)

    def to_internal_value(self, data):
        model = self.Meta.model
        queryset = model.objects.all()
        request = self.context.get("request")
        if request is not None:
            queryset = queryset.restrict(request.user, "view")
        lookups = data if isinstance(data, dict) else {"pk": data}
        name = model._meta.verbose_name
        if any(isinstance(value, str) and "\x00" in value for value in lookups.values()):
            # PostgreSQL cannot even compare text holding NUL: refuse before the query.
            raise serializers.ValidationError(
                f"Invalid {name} reference: lookups cannot contain NUL characters."
            )
        try:
            return queryset.get(**lookups)
        except ObjectDoesNotExist:
            raise serializers.ValidationError(f"No {name} matches {_describe(lookups)}.") from None
        except MultipleObjectsReturned:
            raise serializers.ValidationError(f"More than one {name} matches {_describe(lookups)}.") from None
        except (FieldError, DjangoValidationError, TypeError, ValueError):
            raise serializers.ValidationError(
                f"Invalid {name} reference {data!r}: use an id or lookups."
            ) from None


def _describe(lookups: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in lookups.items())


class NestedStatusSerializer(WritableNestedSerializer):
    """Also written as the status's slug, `"status": "active"`, as Nautobot 1.x clients (pynautobot) send it."""

    class Meta:
        model = models.Status
        fields = ["id", "url", "display", "name", "slug", "color"]

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


class NestedRegionSerializer(WritableNestedSerializer):
    class Meta:
        model = models.Region
        fields = ["id", "url", "display", "name", "slug"]


class NestedSiteSerializer(WritableNestedSerializer):
    class Meta:
        model = models.Site
        fields = ["id", "url", "display", "name", "slug"]


class NestedManufacturerSerializer(WritableNestedSerializer):
    class Meta:
        model = models.Manufacturer
        fields = ["id", "url", "display", "name", "slug"]


class NestedDeviceTypeSerializer(WritableNestedSerializer):
    manufacturer = NestedManufacturerSerializer(read_only=True)

    class Meta:
        model = models.DeviceType
        fields = ["id", "url", "display", "manufacturer", "model", "slug"]


class NestedDeviceRoleSerializer(WritableNestedSerializer):
    class Meta:
        model = models.DeviceRole
        fields = ["id", "url", "display", "name", "slug"]


class NestedPlatformSerializer(WritableNestedSerializer):
    class Meta:
        model = models.Platform
        fields = ["id", "url", "display", "name", "slug"]


class NestedDeviceSerializer(WritableNestedSerializer):
    class Meta:
        model = models.Device
        fields = ["id", "url", "display", "name"]


class NestedPortSerializer(WritableNestedSerializer):
    """Ports display as "<device> \u203a <name>" (a single right-pointing angle quote)."""

    display = serializers.CharField(read_only=True)

    class Meta:
        fields = ["id", "url", "display", "name"]


class NestedInterfaceSerializer(NestedPortSerializer):
    class Meta(NestedPortSerializer.Meta):
        model = models.Interface


class NestedConsolePortSerializer(NestedPortSerializer):
    class Meta(NestedPortSerializer.Meta):
        model = models.ConsolePort


class NestedConsoleServerPortSerializer(NestedPortSerializer):
    class Meta(NestedPortSerializer.Meta):
        model = models.ConsoleServerPort


class NestedPowerPortSerializer(NestedPortSerializer):
    class Meta(NestedPortSerializer.Meta):
        model = models.PowerPort


class NestedPowerOutletSerializer(NestedPortSerializer):
    class Meta(NestedPortSerializer.Meta):
        model = models.PowerOutlet


class NestedCableSerializer(WritableNestedSerializer):
    class Meta:
        model = models.Cable
        fields = ["id", "url", "display", "label"]


class NestedPrefixSerializer(WritableNestedSerializer):
    prefix = IPNetworkField(read_only=True)

    class Meta:
        model = models.Prefix
        fields = ["id", "url", "display", "prefix"]


class NestedIPAddressSerializer(WritableNestedSerializer):
    address = IPAddressWithMaskField(read_only=True)

    class Meta:
        model = models.IPAddress
        fields = ["id", "url", "display", "address"]


NESTED_PORT_SERIALIZERS: dict[type, type[NestedPortSerializer]] = {
    models.Interface: NestedInterfaceSerializer,
    models.ConsolePort: NestedConsolePortSerializer,
    models.ConsoleServerPort: NestedConsoleServerPortSerializer,
    models.PowerPort: NestedPowerPortSerializer,
    models.PowerOutlet: NestedPowerOutletSerializer,
}
