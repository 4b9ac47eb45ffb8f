"""Live run state written outside job transactions: log entries and heartbeats of runs and workers.

These models are written on the `job_logs` database alias (see extras/routers.py): a second connection
to the same database, so each line commits at once, while the job's own transaction is still open,
and a rollback of the job's work never erases them.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from extras.choices import LogLevelChoices


class JobLogEntry(models.Model):
    """One log line of a run, grouped by the job method that wrote it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No database constraint: a line is committed on another connection while the result row may still be
    # locked by the job's transaction. JobResult deletion removes its entries explicitly (extras/signals.py).
    job_result = models.ForeignKey(
        "extras.JobResult", on_delete=models.DO_NOTHING, db_constraint=False, related_name="logs"
    )
    sequence = models.PositiveIntegerField(help_text="Position of the line within its run.")
    created = models.DateTimeField(default=timezone.now)
    log_level = models.CharField(
        max_length=16, choices=LogLevelChoices.as_choices(), default=LogLevelChoices.LOG_INFO, db_index=True
    )
    grouping = models.CharField(max_length=100, default="main")
    message = models.TextField(blank=True)
    log_object = models.CharField(max_length=200, null=True, blank=True)
    absolute_url = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        ordering = ["job_result_id", "sequence"]
        verbose_name_plural = "job log entries"
        indexes = [
            models.Index(fields=["job_result", "sequence"], name="joblog_result_sequence"),
            # An object's "Job runs" tab finds the runs whose lines name it. Partial: a line without an
            # object costs no index entry.
            models.Index(
                fields=["absolute_url"],
                condition=models.Q(absolute_url__isnull=False),
                name="joblog_absolute_url",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.log_level}: {self.message[:60]}"


class RunHeartbeat(models.Model):
    """Proof of life of a run: which worker holds it and when it last said so.

    Before the run starts this is the claim of the worker that took it from the queue (`worker` is
    that worker's identity, `<hostname>#<incarnation>`); once it runs, the running process beats here.
    """

    job_result_id = models.UUIDField(primary_key=True)
    worker = models.CharField(max_length=255)
    claimed = models.DateTimeField(default=timezone.now)
    beat = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.job_result_id} on {self.worker}"


class WorkerHeartbeat(models.Model):
    """A Celery worker that is alive: its queues, and whether it has room for more work.

    `incarnation` changes at every start, so a restarted worker with the same name never vouches for
    what its previous life had taken from the queue. `idle_since` is set while the worker has a free
    slot and has received nothing since that time: a run submitted before then, on one of its queues,
    that no worker took, has lost its message.
    """

    hostname = models.CharField(max_length=255, primary_key=True)
    incarnation = models.CharField(max_length=32, default="")
    queues = models.JSONField(default=list)
    pid = models.PositiveIntegerField(default=0)
    concurrency = models.PositiveSmallIntegerField(default=0)
    idle_since = models.DateTimeField(null=True, blank=True)
    started = models.DateTimeField(default=timezone.now)
    beat = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.hostname

    @property
    def identity(self) -> str:
        """The name claims carry: this start of this worker (see extras.liveness.workers.worker_identity)."""
        return f"{self.hostname}#{self.incarnation}"
