"""Shared foundations: the base model, API plumbing, generic views and middleware."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Every app's `declarations` module, so the registry (menu, search, cross-app related lists and
        # nested serializers) is complete before the first request; core names no app by import.
        autodiscover_modules("declarations")
