"""REST viewsets of the inventory; querysets load relations up front so list endpoints run a fixed number of queries."""

from __future__ import annotations

from django.contrib.contenttypes.prefetch import GenericPrefetch

from core.api.views import ModelViewSet
from dcim import filters, models
from dcim.api import serializers


def _cable_end_prefetch(end: str) -> GenericPrefetch:
    """Load one end of many cables, per port type, with each port's device."""
    return GenericPrefetch(
        end,
        [
            model.objects.select_related("device")
            for model in (
                models.Interface,
                models.ConsolePort,
                models.ConsoleServerPort,
                models.PowerPort,
                models.PowerOutlet,
            )
        ],
    )


class StatusViewSet(ModelViewSet):
    queryset = models.Status.objects.prefetch_related("content_types")
    serializer_class = serializers.StatusSerializer
    filterset_class = filters.StatusFilterSet


class RegionViewSet(ModelViewSet):
    queryset = models.Region.objects.select_related("parent")
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilterSet


class SiteViewSet(ModelViewSet):
    queryset = models.Site.objects.select_related("status", "region")
    serializer_class = serializers.SiteSerializer
    filterset_class = filters.SiteFilterSet


class ManufacturerViewSet(ModelViewSet):
    queryset = models.Manufacturer.objects.all()
    serializer_class = serializers.ManufacturerSerializer
    filterset_class = filters.ManufacturerFilterSet


class DeviceTypeViewSet(ModelViewSet):
    queryset = models.DeviceType.objects.select_related("manufacturer")
    serializer_class = serializers.DeviceTypeSerializer
    filterset_class = filters.DeviceTypeFilterSet


class DeviceRoleViewSet(ModelViewSet):
    queryset = models.DeviceRole.objects.all()
    serializer_class = serializers.DeviceRoleSerializer
    filterset_class = filters.DeviceRoleFilterSet


class PlatformViewSet(ModelViewSet):
    queryset = models.Platform.objects.select_related("manufacturer")
    serializer_class = serializers.PlatformSerializer
    filterset_class = filters.PlatformFilterSet


class DeviceViewSet(ModelViewSet):
    queryset = models.Device.objects.select_related(
        "site", "device_type__manufacturer", "role", "platform", "status", "primary_ip4", "primary_ip6"
    )
    serializer_class = serializers.DeviceSerializer
    filterset_class = filters.DeviceFilterSet


class PortViewSet(ModelViewSet):
    """Ports come with their device, their cable, and the cable's two ends (with their devices)."""

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("device", "cable")
            .prefetch_related(
                _cable_end_prefetch("cable__termination_a"), _cable_end_prefetch("cable__termination_b")
            )
        )


class InterfaceViewSet(PortViewSet):
    queryset = models.Interface.objects.all()
    serializer_class = serializers.InterfaceSerializer
    filterset_class = filters.InterfaceFilterSet


class ConsolePortViewSet(PortViewSet):
    queryset = models.ConsolePort.objects.all()
    serializer_class = serializers.ConsolePortSerializer
    filterset_class = filters.ConsolePortFilterSet


class ConsoleServerPortViewSet(PortViewSet):
    queryset = models.ConsoleServerPort.objects.all()
    serializer_class = serializers.ConsoleServerPortSerializer
    filterset_class = filters.ConsoleServerPortFilterSet


class PowerPortViewSet(PortViewSet):
    queryset = models.PowerPort.objects.all()
    serializer_class = serializers.PowerPortSerializer
    filterset_class = filters.PowerPortFilterSet


class PowerOutletViewSet(PortViewSet):
    queryset = models.PowerOutlet.objects.all()
    serializer_class = serializers.PowerOutletSerializer
    filterset_class = filters.PowerOutletFilterSet


class CableViewSet(ModelViewSet):
    serializer_class = serializers.CableSerializer
    filterset_class = filters.CableFilterSet
    queryset = models.Cable.objects.all()

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("termination_a_type", "termination_b_type")
            .prefetch_related(_cable_end_prefetch("termination_a"), _cable_end_prefetch("termination_b"))
        )


class PrefixViewSet(ModelViewSet):
    queryset = models.Prefix.objects.select_related("status", "site")
    serializer_class = serializers.PrefixSerializer
    filterset_class = filters.PrefixFilterSet


class IPAddressViewSet(ModelViewSet):
    queryset = models.IPAddress.objects.select_related(
        "status", "assigned_interface__device"
    ).with_parent_annotations()
    serializer_class = serializers.IPAddressSerializer
    filterset_class = filters.IPAddressFilterSet
