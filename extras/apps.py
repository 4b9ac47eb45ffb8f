"""The jobs engine: job authoring API, discovery, execution, results, schedules, approvals, Git sources."""

from django.apps import AppConfig


class ExtrasConfig(AppConfig):
    name = "extras"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from extras import signals  # noqa: F401 - connect handlers
