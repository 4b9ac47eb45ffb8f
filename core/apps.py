"""Shared foundations: the base model, API plumbing, generic views and middleware."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"
