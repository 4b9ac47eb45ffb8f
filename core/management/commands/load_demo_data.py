"""load_demo_data: a small, idempotent demo inventory that the example jobs can run against.

Each app contributes its part from its `demo` module (dcim: sites, devices, ports, cables; ipam:
prefixes and addresses), in INSTALLED_APPS order, all in one transaction.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from core.declarations import declarations
from core.demo import DemoLoader, demo_loaders


class Command(BaseCommand):
    help = "Create a small demo inventory (regions, sites, devices, ports, cables, prefixes, IPs). Safe to rerun."

    def handle(self, *args, **options) -> None:
        autodiscover_modules("demo")
        loader = DemoLoader()
        with transaction.atomic():
            for load in demo_loaders():
                load(loader)
        total = sum(declaration.model.objects.count() for declaration in declarations())
        self.stdout.write(f"Demo inventory: {loader.created} objects created ({total} in the inventory).")
