"""Job records (one per discovered class) and JobResult, the record of every run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.models import BaseModel, ChangeLoggedMixin
from core.permissions import restrict_queryset
from extras.choices import JobResultStatusChoices, JobSourceChoices, LogLevelChoices
from extras.models.git import GitRepository

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


class JobResultQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """Results are visible to users who may view their job, or for a sync, its repository (superusers: all)."""
        if user is not None and user.is_authenticated and user.is_superuser:
            return self
        visible_jobs = restrict_queryset(Job.objects.all(), user, "view").values("pk")
        visible_repositories = restrict_queryset(GitRepository.objects.all(), user, "view").values("pk")
        return restrict_queryset(self, user, action).filter(
            models.Q(job_model__in=visible_jobs)
            | models.Q(job_model__isnull=True, git_repository__in=visible_repositories)
        )

    def active(self):
        return self.filter(status__in=JobResultStatusChoices.ACTIVE)


class JobResult(BaseModel):
    """One run of a job. Moves pending → running → a terminal status through methods that refuse illegal moves.

    Counters per log level are filled when the run ends, so lists never count log rows.
    """

    job_model = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    name = models.CharField(
        max_length=330, db_index=True, help_text="The job's class path at the time of the run."
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(
        max_length=16,
        choices=JobResultStatusChoices.as_choices(),
        default=JobResultStatusChoices.STATUS_PENDING,
    )
    started = models.DateTimeField(null=True, blank=True)
    completed = models.DateTimeField(null=True, blank=True)
    task_id = models.UUIDField(unique=True, null=True, blank=True, help_text="The Celery task id.")
    task_queue = models.CharField(max_length=100, blank=True)
    commit = models.BooleanField(default=False)
    job_kwargs = models.JSONField(
        null=True,
        blank=True,
        help_text="Inputs as submitted (never stored for jobs with sensitive variables).",
    )
    request_context = models.JSONField(
        null=True, blank=True, help_text="The safe part of the submitting request."
    )
    output = models.TextField(blank=True)
    data = models.JSONField(null=True, blank=True, help_text="Extra data a job chose to record.")
    # What run() returned when that is not text (a dict, a list, a number): Nautobot 2.x's `result`. Text
    # returned is the output above.
    return_value = models.JSONField(null=True, blank=True, help_text="What run() returned, when not text.")
    worker = models.CharField(max_length=255, blank=True)
    schedule = models.ForeignKey(
        "extras.ScheduledJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="results"
    )
    scheduled_for = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The occurrence of the schedule this run is (one run per occurrence).",
    )
    # Provenance: the commit of the code a Git job ran (or a sync checked out); empty for local jobs.
    source_commit = models.CharField(max_length=48, blank=True)
    git_repository = models.ForeignKey(
        "extras.GitRepository",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sync_results",
        help_text="For a repository sync: the repository synced.",
    )
    # Review, then commit exactly that: the dry run whose change set this run must reproduce, or it
    # rolls back and fails (extras/changes/). Its commit runs link back as `commit_runs`. Protected: a
    # reviewed dry run deleted before its commit ran would leave a run that commits anything.
    reviewed_result = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="commit_runs"
    )
    # Where a run came from when nobody filled in its form: the job button pressed on an object, or the job
    # hook and the committed change that started it. `subject` is the object it was started for (the
    # button's object, the changed object); that object's "Job runs" tab lists the run.
    job_button = models.ForeignKey(
        "extras.JobButton",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        db_index=False,
    )
    job_hook = models.ForeignKey(
        "extras.JobHook",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="results",
        db_index=False,
    )
    object_change = models.ForeignKey(
        "extras.ObjectChange",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hook_runs",
        db_index=False,
        help_text="For a run started by a job hook: the committed change that started it.",
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    subject_id = models.UUIDField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    change_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Objects the run changed (committed) or would have changed (dry run); "
        "empty until the run recorded its changes.",
    )
    # Reported by the job (`self.progress(done, total, message)`), written outside its transaction and at
    # most a few times a second (extras/engine/logging.py); the ETA is computed when read (extras/engine/progress.py).
    progress_done = models.PositiveBigIntegerField(null=True, blank=True)
    progress_total = models.PositiveBigIntegerField(null=True, blank=True)
    progress_message = models.CharField(max_length=200, blank=True)
    progress_updated = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    debug_count = models.PositiveIntegerField(default=0)
    success_count = models.PositiveIntegerField(default=0)
    info_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)
    failure_count = models.PositiveIntegerField(default=0)

    objects = JobResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["-created"], name="jobresult_created"),
            models.Index(fields=["status", "-created"], name="jobresult_status_created"),
            models.Index(fields=["job_model", "-created"], name="jobresult_job_created"),
            # Partial: most runs have none of these, and those cost no index entry.
            models.Index(
                fields=["subject_type", "subject_id"],
                condition=models.Q(subject_id__isnull=False),
                name="jobresult_subject",
            ),
            models.Index(
                fields=["job_button"],
                condition=models.Q(job_button__isnull=False),
                name="jobresult_job_button",
            ),
            models.Index(
                fields=["job_hook"], condition=models.Q(job_hook__isnull=False), name="jobresult_job_hook"
            ),
            models.Index(
                fields=["object_change"],
                condition=models.Q(object_change__isnull=False),
                name="jobresult_object_change",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "scheduled_for"],
                condition=models.Q(schedule__isnull=False, scheduled_for__isnull=False),
                name="jobresult_one_run_per_occurrence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.created:%Y-%m-%d %H:%M:%S})" if self.created else self.name

    def get_absolute_url(self) -> str:
        return reverse("extras:jobresult", kwargs={"pk": self.pk})

    @property
    def is_terminal(self) -> bool:
        return self.status in JobResultStatusChoices.TERMINAL

    @property
    def duration(self) -> timedelta | None:
        if self.completed is None:
            return None
        return self.completed - (self.started or self.created)

    @property
    def counters(self) -> dict[str, int]:
        return {level: getattr(self, f"{level}_count") for level in LogLevelChoices.values()}

    def _transition(self, allowed_from: tuple[str, ...], **changes) -> bool:
        """Apply `changes` only if the row is still in one of `allowed_from`; race-safe against the reaper."""
        updated = JobResult.objects.filter(pk=self.pk, status__in=allowed_from).update(**changes)
        if updated:
            for field, value in changes.items():
                setattr(self, field, value)
        return bool(updated)

    def mark_running(self, worker: str = "") -> bool:
        return self._transition(
            (JobResultStatusChoices.STATUS_PENDING,),
            status=JobResultStatusChoices.STATUS_RUNNING,
            started=timezone.now(),
            worker=worker[:255],
        )

    def lock_while_running(self) -> bool:
        """Lock this run's row until the caller's transaction ends; False when it no longer runs.

        A job's transaction calls it last before committing: a run that was ended meanwhile (the reaper
        gave up on a worker cut off the network, which then came back) must not commit what its log says
        was rolled back. The reaper takes the same lock to end a run, so one of the two acts first.
        """
        running = JobResult.objects.select_for_update(of=("self",)).filter(
            pk=self.pk, status=JobResultStatusChoices.STATUS_RUNNING
        )
        return running.exists()

    def set_source_commit(self, commit: str) -> None:
        """Record the commit of the code this run executes (or this sync checked out)."""
        JobResult.objects.filter(pk=self.pk).update(source_commit=commit)
        self.source_commit = commit

    def mark_finished(
        self,
        status: str,
        *,
        output: str | None = None,
        counters: dict | None = None,
        change_count: int | None = None,
        data: dict | None = None,
        return_value: Any = None,
    ) -> bool:
        """Move to a terminal `status`, stamping `completed`, the per-level counters, the changes made,
        what the job wrote into `data` and what run() returned."""
        if status not in JobResultStatusChoices.TERMINAL:
            raise ValueError(f"{status!r} is not a terminal status")
        changes = {"status": status, "completed": timezone.now()}
        if output is not None:
            changes["output"] = output
        if change_count is not None:
            changes["change_count"] = change_count
        if data is not None:
            changes["data"] = data
        if return_value is not None:
            changes["return_value"] = return_value
        for level, count in (counters or {}).items():
            changes[f"{level}_count"] = count
        finished = self._transition(JobResultStatusChoices.ACTIVE, **changes)
        if finished:
            announce_finished(self.pk)
        return finished


# PostgreSQL channel on which a run's end is announced (its id as the payload), so that a request waiting
# for it (the API's `?wait=`, extras/api/waiting.py) wakes at once instead of polling. The notification is
# sent when the transaction that ended the run commits, and never when it rolls back.
RUN_FINISHED_CHANNEL = "jobsplatform_run_finished"


def announce_finished(job_result_id) -> None:
    with connections[router.db_for_write(JobResult)].cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [RUN_FINISHED_CHANNEL, str(job_result_id)])
