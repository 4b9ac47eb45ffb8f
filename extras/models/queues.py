"""Job queues (Nautobot 2.4's JobQueue): the named Celery queues a job may run on, and its assignments."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from core.models import BaseModel, ChangeLoggedMixin
from extras.choices import JobQueueTypeChoices


class JobQueue(ChangeLoggedMixin, BaseModel):
    """A queue workers listen on (`celery -A jobsplatform worker -Q <name>`); jobs are assigned to queues.

    A job runs on its default queue unless the run request names another of its queues. Queues named in a
    job's `Meta.task_queues` are created when the job is discovered.
    """

    changelog_serializer = "extras.queues.serializers.JobQueueRecordSerializer"

    name = models.CharField(max_length=100, unique=True, help_text="The Celery queue's name.")
    queue_type = models.CharField(
        max_length=50, choices=JobQueueTypeChoices.as_choices(), default=JobQueueTypeChoices.TYPE_CELERY
    )
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("extras:jobqueue", kwargs={"pk": self.pk})


class JobQueueAssignment(ChangeLoggedMixin, BaseModel):
    """One queue a job may run on: the through table of `Job.job_queues`."""

    changelog_serializer = "extras.queues.serializers.JobQueueAssignmentSerializer"
    changelog_related_field = "job"

    job = models.ForeignKey("extras.Job", on_delete=models.CASCADE, related_name="job_queue_assignments")
    job_queue = models.ForeignKey(JobQueue, on_delete=models.CASCADE, related_name="job_assignments")

    class Meta:
        ordering = ["job", "job_queue"]
        constraints = [
            models.UniqueConstraint(fields=["job", "job_queue"], name="jobqueueassignment_unique_job_queue")
        ]

    def __str__(self) -> str:
        return f"{self.job}: {self.job_queue}"

    def get_absolute_url(self) -> str:
        return reverse("extras:jobqueue", kwargs={"pk": self.job_queue_id})
