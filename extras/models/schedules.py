"""ScheduledJob: a request to run a job later, repeatedly, or once another user approves it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.models import BaseModel, ChangeLoggedMixin
from core.permissions import restrict_queryset
from extras.choices import JobExecutionTypeChoices as Interval


class ScheduledJobQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        return restrict_queryset(self, user, action)

    def needs_approval(self):
        return self.filter(approval_required=True, approved_at__isnull=True)

    def active(self):
        """Schedules the dispatcher may fire: enabled, and approved when approval is required."""
        return self.filter(enabled=True).exclude(approval_required=True, approved_at__isnull=True)

    def due(self, now):
        return self.active().filter(next_run_at__lte=now)


class ScheduledJob(ChangeLoggedMixin, BaseModel):
    """One schedule of one job with its stored input.

    `next_run_at` is the moment it fires next (null once a one-off has fired); the dispatcher moves it
    forward with a compare-and-set update, which is what makes each occurrence fire exactly once even
    with two beat processes. `kwargs` holds the serialized input and commit flag (never for jobs with
    sensitive variables, which cannot be scheduled).
    """

    changelog_serializer = "extras.schedules.serializers.ScheduledJobSerializer"

    name = models.CharField(max_length=200)
    job_model = models.ForeignKey(
        "extras.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="schedules"
    )
    job_class = models.CharField(
        max_length=330, help_text="The job's class path, kept if the job is deleted."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.TextField(blank=True)
    interval = models.CharField(max_length=16, choices=Interval.as_choices())
    start_time = models.DateTimeField(null=True, blank=True)
    crontab = models.CharField(max_length=255, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    task_queue = models.CharField(max_length=100, blank=True)
    kwargs = models.JSONField(default=dict, blank=True, help_text="Stored input: data and commit.")
    enabled = models.BooleanField(default=True)
    approval_required = models.BooleanField(default=False)
    approved_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    total_run_count = models.PositiveIntegerField(default=0)
    reviewed_result = models.ForeignKey(
        "extras.JobResult",
        on_delete=models.PROTECT,  # the request must keep its reviewed change set until it runs
        null=True,
        blank=True,
        related_name="+",
        help_text="Approved as reviewed: the dry run whose change set the run must reproduce exactly.",
    )

    objects = ScheduledJobQuerySet.as_manager()

    class Meta:
        ordering = ["start_time", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("extras:scheduledjob", kwargs={"pk": self.pk})

    @property
    def one_off(self) -> bool:
        return self.interval in Interval.ONE_OFF

    @property
    def awaiting_approval(self) -> bool:
        return self.approval_required and self.approved_at is None

    @property
    def commit(self) -> bool:
        return bool((self.kwargs or {}).get("commit", False))

    @property
    def data(self) -> dict:
        return (self.kwargs or {}).get("data") or {}
