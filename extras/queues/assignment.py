"""The queues of a job: created from `Meta.task_queues`, assigned, and counted in live workers.

A job may run on its assigned queues; a run goes to the job's default queue unless it names another.
`Meta.task_queues = ["default", "priority"]` (Nautobot 1.x) maps onto these records when the job is
discovered: both queues are created if missing and assigned, and the first is the default, unless an
administrator overrode the assignments (`job_queues_override`) or the default (`default_job_queue_override`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from extras.choices import JobQueueTypeChoices
from extras.liveness.reaper import live_workers
from extras.models import Job, JobQueue


def ensure_queues(names: Iterable[str], *, description: str = "") -> list[JobQueue]:
    """The Celery queues named (in that order, without duplicates), created when missing."""
    queues = []
    for name in dict.fromkeys(str(name).strip() for name in names):
        if not name:
            continue
        queue, _ = JobQueue.objects.get_or_create(
            name=name, defaults={"queue_type": JobQueueTypeChoices.TYPE_CELERY, "description": description}
        )
        queues.append(queue)
    return queues


def declared_queue_names(task_queues: Iterable[str] | None) -> list[str]:
    """What a class's `Meta.task_queues` means: those queues, or the platform's default queue."""
    names = [str(name).strip() for name in task_queues or () if str(name).strip()]
    return names or [settings.CELERY_TASK_DEFAULT_QUEUE]


def apply_class_queues(job: Job, job_class: type, created: bool) -> None:
    """After a job record is refreshed from its class (registered with the engine, extras.engine.features)."""
    apply_declared_queues(job, job_class.meta("task_queues"), created=created)


def apply_declared_queues(job: Job, task_queues: Iterable[str] | None, *, created: bool) -> None:
    """Map a (saved) job's `Meta.task_queues` onto its queue records, keeping what an administrator overrode."""
    names = declared_queue_names(task_queues)
    queues = ensure_queues(names, description="Created for the task_queues of a job.")
    if (created or not job.default_job_queue_override) and job.default_job_queue_id != queues[0].pk:
        job.default_job_queue = queues[0]
        type(job).objects.filter(pk=job.pk).update(default_job_queue=queues[0])
    if created or not job.job_queues_override:
        set_job_queues(job, queues)


def set_job_queues(job: Job, queues: Iterable[JobQueue]) -> None:
    """Assign exactly `queues` to the job (its default queue stays among them)."""
    wanted = {queue.pk: queue for queue in queues}
    if job.default_job_queue_id and job.default_job_queue_id not in wanted:
        wanted[job.default_job_queue_id] = job.default_job_queue
    current = set(job.job_queues.values_list("pk", flat=True))
    if current != set(wanted):
        job.job_queues.set(list(wanted.values()))


def live_worker_counts() -> dict[str, int]:
    """Queue name → live workers listening on it, from the workers' heartbeats (one query)."""
    counts: dict[str, int] = {}
    for worker in live_workers():
        for name in worker.queues:
            counts[name] = counts.get(name, 0) + 1
    return counts


def queue_label(name: str, workers: int) -> str:
    return f"{name} ({workers} worker{'' if workers == 1 else 's'})"
