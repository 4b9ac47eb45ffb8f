"""Tenancy: who the inventory is for (customers, departments), as NetBox and Nautobot lay it out."""

from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "tenancy"
    verbose_name = "Tenancy"
