"""Helpers to get Job records for fixture jobs and to submit runs in tests."""

from __future__ import annotations

from pathlib import Path

from extras.engine.job_records import sync_job_records
from extras.models import Job

FIXTURE_JOBS_ROOT = Path(__file__).resolve().parent.parent / "fixture_jobs"


def sync_fixture_jobs() -> dict[str, Job]:
    """Create (enabled) records for every job in tests/fixture_jobs; returns them by class name.

    A worker starting meanwhile may have created the records first (disabled), so enable them all.
    """
    sync_job_records(enable_new=True)
    Job.objects.filter(installed=True).update(enabled=True)
    return {job.job_class_name: job for job in Job.objects.filter(installed=True)}
