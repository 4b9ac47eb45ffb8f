"""The jobs engine: job authoring API, discovery, execution, results, schedules, approvals, Git sources."""

from django.apps import AppConfig


class ExtrasConfig(AppConfig):
    name = "extras"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, pre_save

        from core.api.status import register_status
        from core.models import set_change_serialization, set_custom_field_rules
        from core.page_extensions import register_detail_actions, register_list_actions
        from core.routing import ObjectTab, register_object_tab
        from extras import (
            signals,  # noqa: F401 - connect handlers
            tasks,  # noqa: F401 - registers the Celery dispatcher and the worker's hooks
        )
        from extras.buttons.views import job_buttons_html
        from extras.changes.recording import connect_change_logging, on_changes_committed
        from extras.changes.runs import RunChanges
        from extras.changes.serialization import serialize_object
        from extras.changes.views import ObjectChangelogView
        from extras.compat import finder
        from extras.engine import aliases, features
        from extras.engine.loading import get_job_class, loader
        from extras.git.sources import provide_git_source
        from extras.git.sync import forget_repository
        from extras.hooks.firing import fire_job_hooks
        from extras.inventory import customfields, declarations  # noqa: F401 - tags and custom fields declared
        from extras.liveness.reaper import worker_status
        from extras.models.jobs import set_job_class_resolver
        from extras.object_runs.views import ObjectJobRunsView, selection_actions_html
        from extras.queues.assignment import apply_class_queues
        from extras.schedules.requests import ScheduleFeature

        finder.install()  # Nautobot 1.x and NetBox import paths for job code, in every process
        aliases.install()  # JOBS_ROOT's modules under their own names (`import my_jobs.helpers`)
        loader.add_provider(provide_git_source)
        set_job_class_resolver(get_job_class)  # Job.job_class (the models sit below the engine)
        # The features the engine serves without importing them (extras.engine.features).
        features.register_change_tracking(RunChanges)
        features.register_schedules(ScheduleFeature())
        features.on_record_refreshed(apply_class_queues)
        connect_change_logging()
        set_change_serialization(serialize_object)
        set_custom_field_rules(customfields.fill_defaults, customfields.validate)
        post_delete.connect(
            customfields.forget_field_data, sender="extras.CustomField", dispatch_uid="extras.forget_cf_data"
        )
        pre_save.connect(
            customfields.follow_rename, sender="extras.CustomField", dispatch_uid="extras.rename_cf_data"
        )
        register_object_tab(ObjectTab("changelog", "Changelog", ObjectChangelogView))
        register_object_tab(ObjectTab("job-runs", "Job runs", ObjectJobRunsView))
        register_detail_actions(job_buttons_html)
        register_status(worker_status)
        register_list_actions(selection_actions_html)
        on_changes_committed(fire_job_hooks)
        post_delete.connect(
            forget_repository, sender="extras.GitRepository", dispatch_uid="extras.forget_git_repository"
        )
