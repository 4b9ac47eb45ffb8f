"""ApprovalDecision: who approved, denied or dry-ran which scheduled run request, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from extras.choices import ApprovalDecisionChoices


class ApprovalDecision(models.Model):
    """Kept when the request itself is gone (a denial deletes it), so every decision stays on record."""

    scheduled_job = models.ForeignKey(
        "extras.ScheduledJob", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    schedule_name = models.CharField(max_length=200)
    job_model = models.ForeignKey(
        "extras.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="approval_decisions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=ApprovalDecisionChoices.as_choices())
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)
    job_result = models.ForeignKey(
        "extras.JobResult",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approval_decisions",
    )

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.schedule_name}: {self.get_decision_display()} by {self.decided_by}"
