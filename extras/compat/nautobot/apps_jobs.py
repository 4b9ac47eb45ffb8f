"""`nautobot.apps.jobs` (Nautobot 2.x/3.x): Job, every variable, register_jobs, get_task_logger, the receivers
and the helpers job code calls (is_job, is_variable, get_job, get_jobs).

A 2.x job file imports from here (`from nautobot.apps.jobs import Job, DryRunVar, register_jobs`); the classes
are this platform's own, so such jobs run through the same runner, API, CLI and schedules as every other.
Nautobot's Git sync jobs, its Celery JSON encoder, DatabaseFileField and enqueue_job_hooks belong to its
engine and are not here.
"""

from __future__ import annotations

from extras.jobs import (
    BooleanVar,
    ChoiceVar,
    FileVar,
    IntegerVar,
    IPAddressVar,
    IPAddressWithMaskVar,
    IPNetworkVar,
    Job,
    JobButtonReceiver,
    JobHookReceiver,
    MultiChoiceVar,
    MultiObjectVar,
    ObjectVar,
    StringVar,
    TextVar,
)
from extras.jobs.logger import get_task_logger
from extras.jobs.nautobot_variables import DryRunVar, JSONVar
from extras.jobs.registry import register_jobs
from extras.jobs.variables import JobVariable

BaseJob = Job  # Nautobot 2.x's base class of Job
ScriptVariable = JobVariable  # Nautobot's base class of the variables


class RunJobTaskFailed(Exception):
    """Nautobot's exception for a job task that failed; job code may raise it to end a run as failed."""


def is_job(obj) -> bool:
    """Whether `obj` is a job class (a Job subclass that is not abstract)."""
    return obj is not Job and Job.is_job_class(obj)


def is_variable(obj) -> bool:
    """Whether `obj` is a job variable."""
    return isinstance(obj, JobVariable)


def get_job(class_path: str, reload: bool = False):
    """The job class a class path names (`module.Class`, `<slug>.jobs.Class`, `local/module/Class`), or None.
    `reload` is accepted for Nautobot's signature; code is always current here."""
    from extras.models import Job as JobRecord

    try:
        return JobRecord.objects.lookup(class_path).job_class
    except (JobRecord.DoesNotExist, JobRecord.MultipleObjectsReturned):
        return None


def get_jobs(reload: bool = False) -> dict[str, type]:
    """Every installed job's class by its class path."""
    from extras.models import Job as JobRecord

    records = JobRecord.objects.filter(installed=True).order_by("class_path")
    return {record.class_path: record.job_class for record in records if record.job_class is not None}


__all__ = [
    "BaseJob",
    "BooleanVar",
    "ChoiceVar",
    "DryRunVar",
    "FileVar",
    "IPAddressVar",
    "IPAddressWithMaskVar",
    "IPNetworkVar",
    "IntegerVar",
    "JSONVar",
    "Job",
    "JobButtonReceiver",
    "JobHookReceiver",
    "MultiChoiceVar",
    "MultiObjectVar",
    "ObjectVar",
    "RunJobTaskFailed",
    "ScriptVariable",
    "StringVar",
    "TextVar",
    "get_job",
    "get_jobs",
    "get_task_logger",
    "is_job",
    "is_variable",
    "register_jobs",
]
