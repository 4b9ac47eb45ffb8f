"""The jobs engine: job authoring API, discovery, execution, results, schedules, approvals, Git sources."""

from django.apps import AppConfig


class ExtrasConfig(AppConfig):
    name = "extras"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from extras import (
            signals,  # noqa: F401 - connect handlers
            tasks,  # noqa: F401 - registers the Celery dispatcher and the worker's hooks
        )
        from extras.compat import finder
        from extras.engine.loading import loader
        from extras.git.sources import provide_git_source
        from extras.git.sync import forget_repository

        finder.install()  # Nautobot 1.x and NetBox import paths for job code, in every process
        loader.add_provider(provide_git_source)
        post_delete.connect(
            forget_repository, sender="extras.GitRepository", dispatch_uid="extras.forget_git_repository"
        )
