"""REST views of job queues and of their assignments to jobs.

An assignment made or removed here is the administrator's choice, so it marks the job's queues as
overridden (a later discovery of the job's code keeps them). A job's default queue stays assigned: removing
that assignment is refused until the job has another default.
"""

from __future__ import annotations

from django.db import transaction

from core.api.errors import Conflict
from core.api.views import ModelViewSet
from extras.models import Job, JobQueue, JobQueueAssignment
from extras.queues.filters import JobQueueAssignmentFilterSet, JobQueueFilterSet
from extras.queues.serializers import JobQueueAssignmentSerializer, JobQueueSerializer


class JobQueueViewSet(ModelViewSet):
    queryset = JobQueue.objects.all()
    serializer_class = JobQueueSerializer
    filterset_class = JobQueueFilterSet


class JobQueueAssignmentViewSet(ModelViewSet):
    queryset = JobQueueAssignment.objects.select_related("job", "job_queue")
    serializer_class = JobQueueAssignmentSerializer
    filterset_class = JobQueueAssignmentFilterSet

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            mark_overridden(serializer.instance.job_id)

    def perform_update(self, serializer):
        with transaction.atomic():
            previous = self.get_object()
            refuse_removing_default(previous)
            super().perform_update(serializer)
            mark_overridden(previous.job_id, serializer.instance.job_id)

    def perform_destroy(self, instance: JobQueueAssignment):
        with transaction.atomic():
            refuse_removing_default(instance)
            instance.delete()
            mark_overridden(instance.job_id)


def refuse_removing_default(assignment: JobQueueAssignment) -> None:
    if assignment.job.default_job_queue_id == assignment.job_queue_id:
        raise Conflict(
            f'"{assignment.job_queue}" is the default queue of the job "{assignment.job}": '
            "give the job another default queue first."
        )


def mark_overridden(*job_ids) -> None:
    """Saved one by one (not a queryset update), so the change log records the jobs' new queues."""
    for job in Job.objects.filter(pk__in=set(job_ids), job_queues_override=False):
        job.job_queues_override = True
        job.save(update_fields=["job_queues_override", "last_updated"])
