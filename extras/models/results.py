"""JobResult, the record of every run, and the announcement of a run's end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.urls import reverse
from django.utils import timezone

from core.models import BaseModel
from core.permissions import restrict_queryset
from extras.choices import JobResultStatusChoices, LogLevelChoices
from extras.models.git import GitRepository
from extras.models.jobs import Job


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
    # When the run's message was last handed to the broker again (None: only at its creation). The reaper's
    # lost-message rule measures a listener's idle time from here, so a new message is given time to arrive.
    sent = models.DateTimeField(null=True, blank=True, editable=False)
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
