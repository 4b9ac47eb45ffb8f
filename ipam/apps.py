"""IP address management: prefixes and IP addresses, on the inventory's sites and interfaces."""

from django.apps import AppConfig


class IpamConfig(AppConfig):
    name = "ipam"
    verbose_name = "IPAM"
