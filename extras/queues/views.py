"""Pages of job queues: list and detail with their live workers and jobs, add/edit, delete."""

from __future__ import annotations

from core.tables import Column, Table
from core.views import ObjectDetailView, RelatedList
from extras.models import Job, JobQueue
from extras.queues.assignment import live_worker_counts

queues = JobQueue.objects.all()


class JobQueueTable(Table):
    """`workers` is filled from the workers' heartbeats, one query for the whole page."""

    columns = (
        Column("name", link=True),
        Column("queue_type", label="Type"),
        Column("workers", label="Live workers", order_by=""),
        Column("description"),
    )

    @property
    def rows(self):
        counts = live_worker_counts()
        for queue in self.records:
            queue.workers = counts.get(queue.name, 0)
        return super().rows


class QueueJobTable(Table):
    columns = (
        Column("name", link=True),
        Column("grouping", label="Module"),
        Column("default_job_queue", label="Default queue"),
        Column("enabled"),
    )


DETAIL_FIELDS = (Column("name"), Column("queue_type", label="Type"), Column("description"))

RELATED = (
    RelatedList(
        "Jobs that may run on it",
        Job.objects.select_related("default_job_queue"),
        "job_queues",
        QueueJobTable,
        limit=100,
    ),
)


class JobQueueDetailView(ObjectDetailView):
    template_name = "extras/jobqueue.html"

    def get_extra_context(self, queue: JobQueue) -> dict:
        return {"workers": live_worker_counts().get(queue.name, 0)}
