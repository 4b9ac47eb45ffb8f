"""Read-side queries: the runs that touched an object, and the jobs that take a selection of a model.

A run touched an object when its change set names it (a committed change in the change log, or a dry run's
"would change"), when one of its log lines links to it, when the object is one whose changes belong to it
(a device's interfaces), or when the run was started for it (a job button, a job hook: `JobResult.subject`).
The runs' ids come from one UNION query over indexed lookups; the page of runs then costs a count and
the rows with their relations, whatever the number of runs.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.urls import NoReverseMatch

from core.permissions import restrict_queryset
from extras.engine.loading import loader
from extras.jobs.variables import MultiObjectVar
from extras.models import DryRunChange, Job, JobLogEntry, JobResult, ObjectChange


def run_ids_touching(obj: Model) -> set:
    content_type = ContentType.objects.get_for_model(obj)
    changed = (
        ObjectChange.objects.filter(
            Q(changed_object_type=content_type, changed_object_id=obj.pk)
            | Q(related_object_type=content_type, related_object_id=obj.pk),
            job_result__isnull=False,
        )
        .values_list("job_result_id", flat=True)
        .order_by()
    )
    parts = [
        DryRunChange.objects.filter(changed_object_type=content_type, changed_object_id=obj.pk)
        .values_list("job_result_id", flat=True)
        .order_by(),
        JobResult.objects.filter(subject_type=content_type, subject_id=obj.pk)
        .values_list("pk", flat=True)
        .order_by(),
    ]
    try:
        url = obj.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        url = None
    if url:
        # Log lines are read on their own connection alias; the union needs them on the same one.
        parts.append(
            JobLogEntry.objects.using("default")
            .filter(absolute_url=url)
            .values_list("job_result_id", flat=True)
            .order_by()
        )
    return set(changed.union(*parts))  # UNION: each run once


def runs_touching(obj: Model, user) -> QuerySet:
    """The runs that touched `obj` (see the module docstring) that `user` may view, newest first."""
    ids = run_ids_touching(obj)
    return (
        JobResult.objects.restrict(user, "view")
        .filter(pk__in=ids)
        .select_related("job_model", "user", "job_button", "job_hook", "git_repository", "schedule")
        .order_by("-created")
    )


def selection_jobs(model: type[Model], user) -> list[tuple[Job, str]]:
    """Jobs `user` may run that take a selection of `model` objects: (job, its MultiObjectVar's name).

    Each job source is loaded once (as a run would), not each job's class on its own.
    """
    variables = {}
    for discovered in loader.discover():
        for name, variable in discovered.job_class.variables().items():
            if isinstance(variable, MultiObjectVar) and variable.model is model:
                variables.setdefault(discovered.class_path, name)
    if not variables:
        return []
    jobs = restrict_queryset(
        Job.objects.filter(class_path__in=variables, enabled=True, installed=True), user, "run"
    ).order_by("grouping", "name")
    return [(job, variables[job.class_path]) for job in jobs]
