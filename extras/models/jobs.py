"""Job records: one per discovered job class, with its metadata and the overrides an administrator set."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import BaseModel, ChangeLoggedMixin
from core.permissions import restrict_queryset
from extras.choices import JobSourceChoices

# Attributes a job class declares in Meta that an administrator may override on the record.
OVERRIDABLE_FIELDS = (
    "grouping",
    "name",
    "description",
    "approval_required",
    "commit_default",
    "has_sensitive_variables",
    "hidden",
    "read_only",
    "soft_time_limit",
    "time_limit",
)
# The queues a job may run on are overridable too, as its assignments and its default queue (see
# extras/queues/assignment.py): `job_queues_override`, `default_job_queue_override`.
QUEUE_OVERRIDES = ("job_queues", "default_job_queue")

_class_resolver: Callable[[str], type | None] | None = None


def set_job_class_resolver(resolver: Callable[[str], type | None]) -> None:
    """The engine's loader says which class a class path names (the models sit below the engine)."""
    global _class_resolver
    _class_resolver = resolver


def resolve_job_class(class_path: str) -> type | None:
    if _class_resolver is None:
        raise RuntimeError(
            "No job class resolver is registered: the jobs engine was not loaded (see extras.apps)."
        )
    return _class_resolver(class_path)


class JobQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        return restrict_queryset(self, user, action)

    def get_for_class_path(self, class_path: str) -> Job:
        return self.get(class_path=class_path)

    @staticmethod
    def dotted_path_query(module_name: str, class_name: str) -> Q:
        """The jobs a dotted path names: `module.Class` (a module or submodule of any source), or Nautobot
        2.x's form of a Git repository's job: `<slug>.jobs.Class` (defined in its `jobs/__init__.py`) or
        `<slug>.jobs.<module>.Class`."""
        query = Q(module_name=module_name, job_class_name=class_name)
        parts = module_name.split(".", 2)
        if len(parts) >= 2 and parts[1] == "jobs":
            inner = parts[2] if len(parts) == 3 else "__init__"
            query |= Q(source_name=f"git.{parts[0]}", module_name=inner, job_class_name=class_name)
        return query

    def lookup(self, identifier: str) -> Job:
        """Find a job by UUID, by class_path (`local/module/Class`), by name or as `module.Class`.

        `module.Class` is how Nautobot 2.x and NetBox name a job (`runjob example.MyJobWithNoVars`); it
        counts when one job matches (an installed one wins over uninstalled ones). Raises DoesNotExist,
        or MultipleObjectsReturned when the identifier is ambiguous.
        """
        try:
            return self.get(pk=UUID(str(identifier)))
        except ValueError:
            pass
        if identifier.count("/") == 2:
            return self.get(class_path=identifier)
        matches = list(self.filter(name=identifier)[:2])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise self.model.MultipleObjectsReturned(f'Several jobs are named "{identifier}"; use the UUID.')
        module_name, _, class_name = identifier.rpartition(".")
        if module_name and class_name and "/" not in identifier:
            candidates = list(self.filter(self.dotted_path_query(module_name, class_name))[:10])
            installed = [job for job in candidates if job.installed]
            candidates = installed if len(candidates) > 1 and installed else candidates
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                paths = ", ".join(sorted(job.class_path for job in candidates))
                raise self.model.MultipleObjectsReturned(
                    f'Several jobs are "{identifier}" ({paths}); use the class path or the UUID.'
                )
        raise self.model.DoesNotExist(f'No job "{identifier}"')


class Job(ChangeLoggedMixin, BaseModel):
    """The database record of one job class: its identity, its metadata and whether it may run."""

    source = models.CharField(max_length=16, choices=JobSourceChoices.as_choices(), editable=False)
    source_name = models.CharField(
        max_length=120,
        editable=False,
        help_text='Grouping prefix of the class path: "local" or "git.<slug>".',
    )
    module_name = models.CharField(max_length=100, editable=False)
    job_class_name = models.CharField(max_length=100, editable=False)
    class_path = models.CharField(max_length=330, unique=True, editable=False)
    slug = models.SlugField(max_length=330, unique=True, editable=False)

    grouping = models.CharField(max_length=255)
    grouping_override = models.BooleanField(default=False)
    name = models.CharField(max_length=100, db_index=True)
    name_override = models.BooleanField(default=False)
    description = models.TextField(blank=True)
    description_override = models.BooleanField(default=False)

    installed = models.BooleanField(default=True, editable=False)
    enabled = models.BooleanField(default=False)

    approval_required = models.BooleanField(default=False)
    approval_required_override = models.BooleanField(default=False)
    commit_default = models.BooleanField(default=True)
    commit_default_override = models.BooleanField(default=False)
    has_sensitive_variables = models.BooleanField(default=True)
    has_sensitive_variables_override = models.BooleanField(default=False)
    hidden = models.BooleanField(default=False)
    hidden_override = models.BooleanField(default=False)
    read_only = models.BooleanField(default=False)
    read_only_override = models.BooleanField(default=False)
    soft_time_limit = models.FloatField(default=0)
    soft_time_limit_override = models.BooleanField(default=False)
    time_limit = models.FloatField(default=0)
    time_limit_override = models.BooleanField(default=False)
    job_queues = models.ManyToManyField(
        "extras.JobQueue",
        through="extras.JobQueueAssignment",
        related_name="jobs",
        blank=True,
        help_text="The queues this job may run on.",
    )
    job_queues_override = models.BooleanField(default=False)
    default_job_queue = models.ForeignKey(
        "extras.JobQueue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="default_for_jobs",
        help_text="Where a run goes unless it names another of the job's queues (none: the platform's default).",
    )
    default_job_queue_override = models.BooleanField(default=False)
    is_job_hook_receiver = models.BooleanField(
        default=False, editable=False, help_text="Whether this job is a job hook receiver."
    )
    is_job_button_receiver = models.BooleanField(
        default=False, editable=False, help_text="Whether this job is a job button receiver."
    )
    position = models.PositiveIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text="Place in its module's `script_order` (NetBox); jobs not listed there follow by name.",
    )
    requeue_lost_runs = models.PositiveSmallIntegerField(
        default=1,
        help_text="How many times a run whose worker was lost before starting it is handed to the workers again "
        "(Meta.requeue_lost_runs); a run that had started is never run twice.",
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["grouping", models.F("position").asc(nulls_last=True), "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        if not self.installed:
            self.disable_automation()

    def disable_automation(self) -> None:
        """A job whose code is gone can no longer be pressed or fired: its job buttons and job hooks are
        disabled (Nautobot's rule), each saved on its own so the change log records it."""
        for item in [*self.job_buttons.filter(enabled=True), *self.job_hooks.filter(enabled=True)]:
            item.enabled = False
            item.save(update_fields=["enabled", "last_updated"])

    def get_absolute_url(self) -> str:
        return reverse("extras:job", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.has_sensitive_variables and self.approval_required:
            raise ValidationError(
                {
                    "approval_required": "A job with sensitive variables cannot also be marked as requiring approval"
                }
            )

    @property
    def description_first_line(self) -> str:
        return self.description.strip().splitlines()[0] if self.description.strip() else ""

    @property
    def runnable(self) -> bool:
        return (
            self.enabled and self.installed and not (self.has_sensitive_variables and self.approval_required)
        )

    @property
    def job_class(self):
        """The current job class from the loader, or None when its code is not (or no longer) available."""
        return resolve_job_class(self.class_path) if self.installed else None

    @property
    def scheduling_enabled(self) -> bool:
        """Whether the code allows schedules (Meta.scheduling_enabled, NetBox); False when the code is not loaded."""
        job_class = self.job_class
        return job_class is not None and bool(job_class.meta("scheduling_enabled"))

    @property
    def effective_soft_time_limit(self) -> float:
        return self.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT

    @property
    def effective_time_limit(self) -> float:
        return self.time_limit or settings.CELERY_TASK_TIME_LIMIT

    @property
    def allowed_task_queues(self) -> list[str]:
        """The names of the queues a run may go to, the default first (a prefetch of `job_queues` is used)."""
        names = sorted(queue.name for queue in self.job_queues.all())
        default = self.default_job_queue.name if self.default_job_queue_id else None
        if default is None:
            default = names[0] if names else settings.CELERY_TASK_DEFAULT_QUEUE
        return [default, *(name for name in names if name != default)]

    @property
    def task_queues(self) -> list[str]:
        """Nautobot 1.x's name of `allowed_task_queues` (the API's `task_queues`)."""
        return self.allowed_task_queues

    @property
    def task_queues_override(self) -> bool:
        """Nautobot 1.x's name of `job_queues_override`."""
        return self.job_queues_override
