"""Full serializers of the inventory API: every object has id, url and display; relations render brief."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import BaseModelSerializer
from dcim import models
from dcim.api.fields import ContentTypeField, IPAddressWithMaskField, IPNetworkField
from dcim.api.nested_serializers import (
    NESTED_PORT_SERIALIZERS,
    NestedCableSerializer,
    NestedConsolePortSerializer,
    NestedConsoleServerPortSerializer,
    NestedDeviceRoleSerializer,
    NestedDeviceSerializer,
    NestedDeviceTypeSerializer,
    NestedInterfaceSerializer,
    NestedIPAddressSerializer,
    NestedManufacturerSerializer,
    NestedPlatformSerializer,
    NestedPowerOutletSerializer,
    NestedPowerPortSerializer,
    NestedPrefixSerializer,
    NestedRegionSerializer,
    NestedSiteSerializer,
    NestedStatusSerializer,
)
from dcim.models.cables import PORT_TYPES

TIMESTAMPS = ["created", "last_updated"]

# --- Organisation ----------------------------------------------------------------------------------


class StatusSerializer(BaseModelSerializer):
    content_types = ContentTypeField(
        many=True, help_text='Models this status applies to, e.g. "dcim.device".'
    )

    class Meta:
        model = models.Status
        fields = [
            "id",
            "url",
            "display",
            "name",
            "slug",
            "color",
            "description",
            "content_types",
            *TIMESTAMPS,
        ]


class RegionSerializer(BaseModelSerializer):
    parent = NestedRegionSerializer(required=False, allow_null=True)

    class Meta:
        model = models.Region
        fields = ["id", "url", "display", "name", "slug", "parent", "description", *TIMESTAMPS]


class SiteSerializer(BaseModelSerializer):
    status = NestedStatusSerializer()
    region = NestedRegionSerializer(required=False, allow_null=True)

    class Meta:
        model = models.Site
        fields = [
            "id",
            "url",
            "display",
            "name",
            "slug",
            "status",
            "region",
            "facility",
            "description",
            *TIMESTAMPS,
        ]


# --- Devices ---------------------------------------------------------------------------------------


class ManufacturerSerializer(BaseModelSerializer):
    class Meta:
        model = models.Manufacturer
        fields = ["id", "url", "display", "name", "slug", "description", *TIMESTAMPS]


class DeviceTypeSerializer(BaseModelSerializer):
    manufacturer = NestedManufacturerSerializer()

    class Meta:
        model = models.DeviceType
        fields = [
            "id", "url", "display", "manufacturer", "model", "slug", "part_number", "description", *TIMESTAMPS,
        ]  # fmt: skip


class DeviceRoleSerializer(BaseModelSerializer):
    class Meta:
        model = models.DeviceRole
        fields = ["id", "url", "display", "name", "slug", "color", "description", *TIMESTAMPS]


class PlatformSerializer(BaseModelSerializer):
    manufacturer = NestedManufacturerSerializer(required=False, allow_null=True)

    class Meta:
        model = models.Platform
        fields = ["id", "url", "display", "name", "slug", "manufacturer", "description", *TIMESTAMPS]


class DeviceSerializer(BaseModelSerializer):
    site = NestedSiteSerializer()
    device_type = NestedDeviceTypeSerializer()
    role = NestedDeviceRoleSerializer()
    platform = NestedPlatformSerializer(required=False, allow_null=True)
    status = NestedStatusSerializer()
    primary_ip4 = NestedIPAddressSerializer(required=False, allow_null=True)
    primary_ip6 = NestedIPAddressSerializer(required=False, allow_null=True)
    primary_ip = NestedIPAddressSerializer(
        read_only=True, allow_null=True, help_text="IPv6 if set, else IPv4."
    )

    class Meta:
        model = models.Device
        fields = [
            "id", "url", "display", "name", "site", "device_type", "role", "platform", "status", "serial",
            "primary_ip", "primary_ip4", "primary_ip6", "description", *TIMESTAMPS,
        ]  # fmt: skip


# --- Ports and cables ------------------------------------------------------------------------------


class PortSerializer(BaseModelSerializer):
    """Shared by every port: its device, its cable and what the cable reaches.

    `connection_status` is a plain boolean as in the Python API: true = cable connected,
    false = cable only planned, null = no cable.
    """

    display = serializers.CharField(read_only=True)
    device = NestedDeviceSerializer()
    cable = NestedCableSerializer(read_only=True, allow_null=True)
    connection_status = serializers.BooleanField(read_only=True, allow_null=True)

    port_fields = ["id", "url", "display", "device", "name", "label", "description"]
    connection_fields = ["cable", "connected_endpoint", "connection_status", *TIMESTAMPS]


class InterfaceSerializer(PortSerializer):
    connected_endpoint = NestedInterfaceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Interface
        fields = [
            *PortSerializer.port_fields,
            "type",
            "enabled",
            "mgmt_only",
            *PortSerializer.connection_fields,
        ]


class ConsolePortSerializer(PortSerializer):
    connected_endpoint = NestedConsoleServerPortSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.ConsolePort
        fields = [*PortSerializer.port_fields, *PortSerializer.connection_fields]


class ConsoleServerPortSerializer(PortSerializer):
    connected_endpoint = NestedConsolePortSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.ConsoleServerPort
        fields = [*PortSerializer.port_fields, *PortSerializer.connection_fields]


class PowerPortSerializer(PortSerializer):
    connected_endpoint = NestedPowerOutletSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.PowerPort
        fields = [*PortSerializer.port_fields, *PortSerializer.connection_fields]


class PowerOutletSerializer(PortSerializer):
    connected_endpoint = NestedPowerPortSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.PowerOutlet
        fields = [*PortSerializer.port_fields, *PortSerializer.connection_fields]


class CableEndSerializer(serializers.Serializer):
    """Schema of a cable end: the brief form of whichever port it is."""

    id = serializers.UUIDField()
    url = serializers.URLField()
    display = serializers.CharField()
    name = serializers.CharField()


class CableSerializer(BaseModelSerializer):
    """Ends are written as a type ("dcim.interface") and an id, and read back as brief ports too."""

    termination_a_type = ContentTypeField(queryset=ContentType.objects.filter(PORT_TYPES))
    termination_b_type = ContentTypeField(queryset=ContentType.objects.filter(PORT_TYPES))
    termination_a = serializers.SerializerMethodField()
    termination_b = serializers.SerializerMethodField()

    class Meta:
        model = models.Cable
        fields = [
            "id", "url", "display", "termination_a_type", "termination_a_id", "termination_a",
            "termination_b_type", "termination_b_id", "termination_b", "status", "label", "color", *TIMESTAMPS,
        ]  # fmt: skip

    @extend_schema_field(CableEndSerializer(allow_null=True))
    def get_termination_a(self, cable) -> dict | None:
        return self._brief_end(cable.termination_a)

    @extend_schema_field(CableEndSerializer(allow_null=True))
    def get_termination_b(self, cable) -> dict | None:
        return self._brief_end(cable.termination_b)

    def _brief_end(self, port) -> dict | None:
        if port is None:
            return None
        return NESTED_PORT_SERIALIZERS[type(port)](port, context=self.context).data


# --- IPAM ------------------------------------------------------------------------------------------


class PrefixSerializer(BaseModelSerializer):
    prefix = IPNetworkField(help_text='The network, e.g. "10.0.0.0/24" (host bits must be zero).')
    status = NestedStatusSerializer()
    site = NestedSiteSerializer(required=False, allow_null=True)

    class Meta:
        model = models.Prefix
        fields = [
            "id", "url", "display", "prefix", "ip_version", "prefix_length", "status", "site", "description",
            *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["ip_version", "prefix_length"]


class IPAddressSerializer(BaseModelSerializer):
    address = IPAddressWithMaskField(help_text='The address with its mask, e.g. "10.0.0.1/24".')
    status = NestedStatusSerializer()
    assigned_interface = NestedInterfaceSerializer(required=False, allow_null=True)
    parent = NestedPrefixSerializer(
        read_only=True, allow_null=True, help_text="Most specific containing prefix."
    )

    class Meta:
        model = models.IPAddress
        fields = [
            "id", "url", "display", "address", "ip_version", "mask_length", "status", "dns_name",
            "assigned_interface", "parent", "description", *TIMESTAMPS,
        ]  # fmt: skip
        read_only_fields = ["ip_version", "mask_length"]
