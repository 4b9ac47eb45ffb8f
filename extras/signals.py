"""Signal handlers of the jobs engine: a deleted result takes its log lines, files and heartbeat with it."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from extras.models import FileProxy, JobLogEntry, JobResult, RunHeartbeat


@receiver(post_delete, sender=JobResult)
def delete_result_logs(sender, instance: JobResult, **kwargs) -> None:
    """Log rows and files have no database-level foreign key (they are written on another connection), so no
    cascade."""
    JobLogEntry.objects.filter(job_result_id=instance.pk).delete()
    FileProxy.objects.filter(job_result_id=instance.pk).delete()
    RunHeartbeat.objects.filter(job_result_id=instance.pk).delete()
