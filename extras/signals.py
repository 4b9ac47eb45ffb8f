"""Signal handlers of the jobs engine: log clean-up on result deletion, and migrating the log database."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.db.models.signals import post_delete, post_migrate
from django.dispatch import receiver

from extras.models import JobLogEntry, JobResult, RunHeartbeat
from extras.routers import LIVE_ALIAS


@receiver(post_delete, sender=JobResult)
def delete_result_logs(sender, instance: JobResult, **kwargs) -> None:
    """Log rows may live in another database, so they are removed here rather than by a cascade."""
    JobLogEntry.objects.filter(job_result_id=instance.pk).delete()
    RunHeartbeat.objects.filter(job_result_id=instance.pk).delete()


def migrate_job_logs_database(sender, using: str = "default", **kwargs) -> None:
    """`manage.py migrate` also brings the separate SQLite log database up to date."""
    if sender.name == "extras" and using == "default" and settings.JOB_LOGS_SEPARATE_DATABASE:
        call_command("migrate", database=LIVE_ALIAS, verbosity=0, interactive=False)


post_migrate.connect(migrate_job_logs_database, dispatch_uid="extras.migrate_job_logs_database")
