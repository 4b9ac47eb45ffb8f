"""Queries the jobs of this package share."""

from nautobot.dcim.models import Device


def devices_at(location, include_children=True):
    """The devices at a location (and, by default, at the locations below it)."""
    places = location.descendants(include_self=True) if include_children else [location]
    return (
        Device.objects.filter(location__in=places)
        .select_related("location", "role", "device_type__manufacturer", "status")
        .order_by("location__name", "name")
    )
