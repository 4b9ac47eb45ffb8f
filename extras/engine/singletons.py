"""Singleton jobs (Nautobot 2.x `Meta.is_singleton`): one active run at a time.

A second request is refused while a run of the job is pending or running (submit_job), and a run that
starts while another one of the same job already runs (two schedules firing together, a race between two
requests) ends errored without running: of the runs running at once, only the one that started first goes
on. The rule is read from the database alone, so it holds across workers and hosts.
"""

from __future__ import annotations

from extras.choices import JobResultStatusChoices as Status
from extras.models import Job, JobResult

ACTIVE = (Status.STATUS_PENDING, Status.STATUS_RUNNING)


def is_singleton(job_class) -> bool:
    return bool(job_class is not None and job_class.meta("is_singleton"))


def active_run(job: Job) -> JobResult | None:
    """The oldest pending or running run of `job`, if any (one indexed query)."""
    return JobResult.objects.filter(job_model=job, status__in=ACTIVE).order_by("created").first()


def singleton_message(job: Job, other: JobResult) -> str:
    return (
        f'Job "{job.name}" is a singleton and is already running (run {other.pk}, {other.status}); '
        "a second run is refused until that one ends."
    )


def singleton_refusal(job: Job, job_class, result: JobResult) -> str:
    """Why the run `result`, now running, must not go on; empty when it may."""
    if not is_singleton(job_class):
        return ""
    running = JobResult.objects.filter(job_model=job, status=Status.STATUS_RUNNING).exclude(pk=result.pk)
    mine = (result.started, str(result.pk))
    earlier = [other for other in running if (other.started, str(other.pk)) < mine]
    return singleton_message(job, earlier[0]) if earlier else ""
