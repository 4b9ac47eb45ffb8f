"""Inventory: regions, sites, locations, devices and their ports and cables, prefixes and IP addresses."""

from django.apps import AppConfig
from django.db.models.signals import post_save


class DcimConfig(AppConfig):
    name = "dcim"
    verbose_name = "Inventory"

    def ready(self) -> None:
        # Sites and regions and their locations kept in step, both ways (dcim/locations.py).
        from dcim import locations
        from dcim.models import Location, Region, Site
        from dcim.models.devices import set_device_placer

        set_device_placer(locations.place_device)
        post_save.connect(locations.region_saved, sender=Region, dispatch_uid="dcim.region.location")
        post_save.connect(locations.site_saved, sender=Site, dispatch_uid="dcim.site.location")
        post_save.connect(locations.location_saved, sender=Location, dispatch_uid="dcim.location.mirror")
