"""Retention of the change log: entries older than CHANGELOG_RETENTION_DAYS are deleted (0 keeps them all)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from extras.models import ObjectChange

logger = logging.getLogger(__name__)

PRUNE_BATCH = 10_000


def prune_changelog(now: datetime | None = None, *, retention_days: int | None = None) -> int:
    """Delete change log entries older than the retention period; returns how many. Beat calls it hourly.

    Deleted in batches, so a first prune of a large backlog never holds one huge transaction.
    """
    days = settings.CHANGELOG_RETENTION_DAYS if retention_days is None else retention_days
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    while True:
        batch = list(ObjectChange.objects.filter(time__lt=cutoff).values_list("pk", flat=True)[:PRUNE_BATCH])
        if not batch:
            break
        deleted += ObjectChange.objects.filter(pk__in=batch).delete()[0]  # one DELETE: nothing refers to them
    if deleted:
        logger.info("Pruned %s change log entries older than %s days", deleted, days)
    return deleted
