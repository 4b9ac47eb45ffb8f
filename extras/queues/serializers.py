"""Serializers of job queues and their assignments (Nautobot 2.4's `/api/extras/job-queues/` and
`/api/extras/job-queue-assignments/`)."""

from __future__ import annotations

from rest_framework import serializers

from core.api.serializers import BaseModelSerializer
from extras.models import JobQueue, JobQueueAssignment
from extras.queues.assignment import live_worker_counts

TIMESTAMPS = ["created", "last_updated"]


class JobQueueRecordSerializer(BaseModelSerializer):
    """A queue as the change log records it (without its live worker count, which changes by itself)."""

    class Meta:
        model = JobQueue
        fields = ["id", "display", "url", "name", "queue_type", "description", *TIMESTAMPS]


class JobQueueSerializer(JobQueueRecordSerializer):
    workers = serializers.SerializerMethodField(
        help_text="Live workers listening on this queue (from their heartbeats)."
    )

    class Meta(JobQueueRecordSerializer.Meta):
        fields = [*JobQueueRecordSerializer.Meta.fields[:-2], "workers", *TIMESTAMPS]

    def get_workers(self, queue: JobQueue) -> int:
        counts = self.context.get("live_worker_counts")
        if counts is None:  # read once per answer, whatever the number of queues listed
            counts = self.context["live_worker_counts"] = live_worker_counts()
        return counts.get(queue.name, 0)


class JobQueueAssignmentSerializer(BaseModelSerializer):
    """One queue a job may run on; `job` and `job_queue` are ids."""

    class Meta:
        model = JobQueueAssignment
        fields = ["id", "display", "url", "job", "job_queue", *TIMESTAMPS]
