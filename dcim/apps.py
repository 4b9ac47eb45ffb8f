"""Inventory: regions, sites, devices and their ports and cables, prefixes and IP addresses."""

from django.apps import AppConfig


class DcimConfig(AppConfig):
    name = "dcim"
    verbose_name = "Inventory"
