"""Virtualization: clusters of hosts and the virtual machines they run, as NetBox and Nautobot lay it out."""

from django.apps import AppConfig


class VirtualizationConfig(AppConfig):
    name = "virtualization"
    verbose_name = "Virtualization"
