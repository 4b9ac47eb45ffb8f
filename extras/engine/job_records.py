"""Create and refresh Job records from discovered classes; mark vanished ones not installed."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from extras.engine import features
from extras.engine.loading import DiscoveredJob, ImportProblem, JobSource, loader
from extras.jobs.base import get_module_display_name
from extras.models import OVERRIDABLE_FIELDS, Job


@dataclass
class SyncReport:
    created: list[Job] = field(default_factory=list)
    refreshed: list[Job] = field(default_factory=list)
    uninstalled: list[Job] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


MAX_REQUEUES = 10


def job_slug(class_path: str) -> str:
    return slugify(class_path.replace("/", "-").replace(".", "-"))[:320]


def declared_values(job_class: type, grouping: str) -> dict:
    """The overridable fields as the class declares them (before administrator overrides); `grouping` is its
    module's display name. The one reading of a class's metadata: records, the edit form and the API use it."""
    properties = job_class.properties()
    values = {
        "grouping": grouping,
        "name": (properties["name"] or job_class.__name__)[:100],
        "description": properties["description"],
    }
    for attribute in OVERRIDABLE_FIELDS:
        if attribute not in values:
            values[attribute] = properties[attribute]
    return values


def loaded_class_values(job: Job) -> dict | None:
    """`declared_values` of a record's loaded class, or None when its code is not loaded."""
    job_class = job.job_class
    if job_class is None:
        return None
    module = inspect.getmodule(job_class)
    grouping = get_module_display_name(module, job.module_name) if module else job.grouping
    return declared_values(job_class, grouping)


def class_defaults(discovered: DiscoveredJob) -> dict:
    """The record's values as the class declares them (before administrator overrides)."""
    job_class = discovered.job_class
    properties = job_class.properties()
    values = declared_values(job_class, discovered.module_display_name)
    values["is_job_hook_receiver"] = job_class.is_job_hook_receiver()
    values["is_job_button_receiver"] = job_class.is_job_button_receiver()
    values["requeue_lost_runs"] = requeue_limit(properties["requeue_lost_runs"])
    values["position"] = discovered.position
    return values


def requeue_limit(value) -> int:
    """Meta.requeue_lost_runs as a count from 0 to MAX_REQUEUES (anything that is not a number: the default)."""
    try:
        return min(max(int(value), 0), MAX_REQUEUES)
    except (TypeError, ValueError):
        return 1


def refresh_job_record(discovered: DiscoveredJob, *, enable_new: bool | None = None) -> tuple[Job, bool]:
    """Create or refresh the record of one class. Overridden fields keep the administrator's value."""
    defaults = class_defaults(discovered)
    class_path = discovered.class_path
    job = Job.objects.filter(class_path=class_path).first()
    created = job is None
    if created:
        job = Job(
            class_path=class_path,
            slug=job_slug(class_path),
            source=discovered.source.kind,
            source_name=discovered.source.name,
            module_name=discovered.module_name,
            job_class_name=discovered.job_class.__name__,
            enabled=settings.JOBS_ENABLED_BY_DEFAULT if enable_new is None else enable_new,
        )
    for attribute, value in defaults.items():
        if created or not getattr(job, f"{attribute}_override", False):  # not every field can be overridden
            setattr(job, attribute, value)
    if job.has_sensitive_variables and job.approval_required and not job.approval_required_override:
        # The class asks for something impossible; refuse approval rather than refuse the job.
        job.approval_required = False
    job.installed = True
    job.save()
    features.record_refreshed(job, discovered.job_class, created)
    return job, created


def sync_job_records(sources: list[JobSource] | None = None, *, enable_new: bool | None = None) -> SyncReport:
    """Bring Job records in line with the code of the given sources (all known sources by default)."""
    report = SyncReport()
    for source in sources or loader.sources():
        discovered = loader.discover(source)
        report.problems.extend(loader.load(source).problems)
        with transaction.atomic():
            seen = set()
            for item in discovered:
                job, created = refresh_job_record(item, enable_new=enable_new)
                seen.add(job.pk)
                (report.created if created else report.refreshed).append(job)
            failed_modules = {problem.module for problem in loader.load(source).problems}
            vanished = (
                Job.objects.filter(source_name=source.name, installed=True)
                .exclude(pk__in=seen)
                # A module that failed to import keeps its jobs installed: the previous code still runs.
                .exclude(module_name__in=failed_modules)
            )
            for job in vanished:
                job.installed = False
                job.save(update_fields=["installed", "last_updated"])
                report.uninstalled.append(job)
    return report
