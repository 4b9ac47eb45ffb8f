"""Retention: CHANGELOG_RETENTION_DAYS (default 90, 0 = forever), pruned by the beat every hour."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from extras.changes.retention import prune_changelog
from extras.models import ObjectChange
from tests.extras.changes.helpers import record
from tests.factories.dcim import ManufacturerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aged():
    """Three entries: 10, 100 and 400 days old."""
    with record():
        for _ in range(3):
            ManufacturerFactory()
    now = timezone.now()
    for days, change in zip((10, 100, 400), ObjectChange.objects.order_by("time"), strict=True):
        ObjectChange.objects.filter(pk=change.pk).update(time=now - timedelta(days=days))
    return now


def ages(now) -> list[int]:
    return sorted((now - time).days for time in ObjectChange.objects.values_list("time", flat=True))


def test_entries_older_than_the_retention_are_pruned(aged, settings):
    settings.CHANGELOG_RETENTION_DAYS = 90
    assert prune_changelog(aged) == 2
    assert ages(aged) == [10]


def test_zero_keeps_everything(aged, settings):
    settings.CHANGELOG_RETENTION_DAYS = 0
    assert prune_changelog(aged) == 0
    assert ages(aged) == [10, 100, 400]


def test_pruning_goes_in_batches(aged, monkeypatch):
    monkeypatch.setattr("extras.changes.retention.PRUNE_BATCH", 1)
    assert prune_changelog(aged, retention_days=5) == 3


def test_the_beat_prunes_through_the_celery_task():
    from extras.tasks import prune_changelog_task

    entry = settings.CELERY_BEAT_SCHEDULE["prune-changelog"]
    assert entry["task"] == prune_changelog_task.name == "extras.prune_changelog"
    assert entry["schedule"] <= 24 * 3600


def test_the_retention_is_read_from_the_environment():
    code = "from django.conf import settings; print(settings.CHANGELOG_RETENTION_DAYS)"
    read = {}
    for value in ("", "0", "30"):
        env = {"DJANGO_SETTINGS_MODULE": "tests.settings", "PATH": "/usr/bin:/bin"}
        if value:
            env["CHANGELOG_RETENTION_DAYS"] = value
        output = subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        read[value] = int(output.stdout.strip())
    assert read == {"": 90, "0": 0, "30": 30}
