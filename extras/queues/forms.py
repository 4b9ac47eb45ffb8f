"""The add/edit form of job queues."""

from __future__ import annotations

from core.forms import BootstrapModelForm
from extras.models import JobQueue


class JobQueueForm(BootstrapModelForm):
    class Meta:
        model = JobQueue
        fields = ["name", "queue_type", "description"]
        help_texts = {"name": "Workers consume it with `celery -A jobsplatform worker -Q <name>`."}
