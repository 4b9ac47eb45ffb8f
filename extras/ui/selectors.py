"""Read-side queries of the jobs UI: jobs grouped by source and module with their latest runs, and a
run's log lines filtered, grouped by method and counted, each in a fixed number of queries.

Log lines live on another database alias (extras/routers.py), so they are only ever queried by
`job_result_id`, never joined to results.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Min, OuterRef, Q, QuerySet, Subquery

from core.permissions import restrict_queryset, user_has_perm
from extras.choices import LogLevelChoices
from extras.models import Job, JobLogEntry, JobResult
from extras.visibility import servable_inputs

LOG_LEVELS = tuple(LogLevelChoices.values())


# --- Jobs list ---------------------------------------------------------------------------------------


@dataclass
class JobRow:
    job: Job
    latest_result: JobResult | None
    can_run: bool
    can_change: bool


@dataclass
class ModuleGroup:
    heading: str  # the module's display name (its `name`), as stored in the job's grouping
    module_name: str
    rows: list[JobRow] = field(default_factory=list)


@dataclass
class SourceGroup:
    name: str  # "local" or "git.<slug>"
    modules: list[ModuleGroup] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.name == "local":
            return "Local jobs"
        if self.name.startswith("git."):
            return f"Git repository {self.name[4:]}"
        return self.name


def visible_jobs(user, *, search: str = "", hidden: bool = False, uninstalled: bool = False) -> QuerySet:
    """Jobs the user may view, each annotated with the id of its newest result (any status)."""
    newest = JobResult.objects.filter(job_model=OuterRef("pk")).order_by("-created").values("pk")[:1]
    jobs = Job.objects.restrict(user, "view").annotate(latest_result_id=Subquery(newest))
    if not hidden:
        jobs = jobs.filter(hidden=False)
    if not uninstalled:
        jobs = jobs.filter(installed=True)
    search = search.strip()
    if search:
        jobs = jobs.filter(
            Q(name__icontains=search)
            | Q(grouping__icontains=search)
            | Q(description__icontains=search)
            | Q(class_path__icontains=search)
        )
    return jobs.order_by("source_name", "grouping", "module_name", F("position").asc(nulls_last=True), "name")


def latest_results(user, jobs: list[Job]) -> dict:
    """Job id → its newest result, among the results the user may view: one query for all jobs."""
    ids = [job.latest_result_id for job in jobs if getattr(job, "latest_result_id", None)]
    if not ids or not user_has_perm(user, "extras.view_jobresult"):
        return {}
    results = JobResult.objects.restrict(user, "view").filter(pk__in=ids).select_related("user")
    return {result.job_model_id: result for result in results}


def group_jobs(user, jobs: QuerySet) -> list[SourceGroup]:
    """Jobs as sources → modules → rows, local jobs first; runs and permissions resolved in bulk."""
    jobs = list(jobs)
    results = latest_results(user, jobs)
    runnable = _permitted_ids(user, "run", jobs)
    changeable = _permitted_ids(user, "change", jobs)
    sources: dict[str, SourceGroup] = {}
    for job in jobs:
        source = sources.setdefault(job.source_name, SourceGroup(job.source_name))
        if not source.modules or (source.modules[-1].module_name, source.modules[-1].heading) != (
            job.module_name,
            job.grouping,
        ):
            source.modules.append(ModuleGroup(job.grouping, job.module_name))
        source.modules[-1].rows.append(
            JobRow(job, results.get(job.pk), job.pk in runnable, job.pk in changeable)
        )
    return sorted(sources.values(), key=lambda source: (source.name != "local", source.name))


def _permitted_ids(user, action: str, jobs: list[Job]) -> set:
    if not jobs or not user_has_perm(user, f"extras.{action}_job"):
        return set()
    if user.is_superuser:
        return {job.pk for job in jobs}
    allowed = restrict_queryset(Job.objects.filter(pk__in=[job.pk for job in jobs]), user, action)
    return set(allowed.values_list("pk", flat=True))


# --- Log lines ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogFilter:
    """What the log table shows: one level (or all), one method (or all), and a text search."""

    level: str = ""
    grouping: str = ""
    q: str = ""

    @classmethod
    def from_params(cls, params) -> LogFilter:
        level = params.get("level", "")
        return cls(
            level=level if level in LOG_LEVELS else "",
            grouping=params.get("grouping", "")[:100],
            q=params.get("q", "").strip()[:200],
        )

    @property
    def active(self) -> bool:
        return bool(self.level or self.grouping or self.q)

    def as_params(self) -> dict[str, str]:
        return {key: value for key, value in vars(self).items() if value}


def log_lines(result: JobResult, log_filter: LogFilter = LogFilter()) -> QuerySet:
    """The run's lines in the order they were written, narrowed by `log_filter`."""
    lines = JobLogEntry.objects.filter(job_result_id=result.pk).order_by("sequence")
    if log_filter.level:
        lines = lines.filter(log_level=log_filter.level)
    if log_filter.grouping:
        lines = lines.filter(grouping=log_filter.grouping)
    if log_filter.q:
        lines = lines.filter(Q(message__icontains=log_filter.q) | Q(log_object__icontains=log_filter.q))
    return lines


@dataclass
class GroupingSummary:
    """Lines written by one method (run, a test_*, post_run...), counted per level."""

    grouping: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def log_summary(result: JobResult) -> list[GroupingSummary]:
    """Per-method, per-level line counts in the order the methods ran: one grouped query."""
    levels = {level: Count("pk", filter=Q(log_level=level)) for level in LOG_LEVELS}
    rows = (
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .values("grouping")
        .annotate(first=Min("sequence"), **levels)
        .order_by("first")
    )
    return [GroupingSummary(row["grouping"], {level: row[level] for level in LOG_LEVELS}) for row in rows]


def level_counts(result: JobResult, summary: list[GroupingSummary] | None = None) -> dict[str, int]:
    """Lines per level: the stored counters once the run ended, else the sum of `summary`."""
    if result.is_terminal:
        return result.counters
    totals = dict.fromkeys(LOG_LEVELS, 0)
    for group in summary if summary is not None else log_summary(result):
        for level, count in group.counts.items():
            totals[level] += count
    return totals


# --- Inputs of a run ----------------------------------------------------------------------------------


@dataclass
class InputValue:
    """One stored input of a run, labelled as its variable is, objects resolved for linking."""

    name: str
    label: str
    value: object
    objects: list | None = None  # for object variables: the objects the stored ids name (still existing)

    @property
    def is_empty(self) -> bool:
        """No value was given (stored as null, "" or []): shown as "(none)", not as JSON's `null`."""
        return self.value is None or self.value == "" or self.value == [] or self.value == {}


def describe_inputs(result: JobResult, user) -> list[InputValue] | None:
    """The run's stored inputs (None when they were not stored: a job with sensitive variables).

    Objects are looked up among those `user` may view, so a stored id never reveals a hidden object.
    """
    inputs = servable_inputs(result)
    if inputs is None:
        return None
    return describe_data(result.job_model, inputs.get("data") or {}, user)


def describe_data(job: Job | None, data: dict, user, *, resolve_objects: bool = True) -> list[InputValue]:
    """Stored input labelled as the job's variables are; object ids resolved (one query per object
    variable) unless `resolve_objects` is False, as on lists that show many requests at once."""
    from django.core.exceptions import ValidationError
    from django.forms.utils import pretty_name

    from extras.jobs.variables import ObjectVar

    job_class = job.job_class if job else None
    variables = job_class.variables() if job_class else {}
    described = []
    for name, value in data.items():
        variable = variables.get(name)
        label = (variable.label if variable else None) or pretty_name(name)
        item = InputValue(name, label, value)
        if resolve_objects and isinstance(variable, ObjectVar) and value not in (None, "", []):
            ids = value if isinstance(value, list) else [value]
            try:
                # One query per object variable, whatever the number of ids.
                found = variable.queryset.filter(pk__in=[each for each in ids if isinstance(each, str)])
                item.objects = list(restrict_queryset(found, user, "view"))
            except (ValidationError, ValueError):
                item.objects = None
        described.append(item)
    return described
