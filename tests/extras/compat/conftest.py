"""An inventory the branch jobs of tests/fixture_jobs need, and a helper that runs a job in this process."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dcim.choices import DEFAULT_STATUSES
from dcim.models import DeviceRole
from extras.engine.runner import run_job_result
from extras.engine.services import RunRequest, submit_job
from extras.models import JobLogEntry
from tests.factories import dcim as f


@pytest.fixture
def inventory(db):
    """Every status, the "Access Switch" role the branch jobs look up, and a switch model."""
    for slug in DEFAULT_STATUSES:
        f.status(slug)
    manufacturer = f.ManufacturerFactory(name="Arista")
    return SimpleNamespace(
        role=DeviceRole.objects.create(name="Access Switch", slug="access-switch"),
        manufacturer=manufacturer,
        switch_model=f.DeviceTypeFactory(manufacturer=manufacturer, model="DCS-7010T"),
    )


def branch_input(inventory, name: str = "Branch 9", switches: int = 2) -> dict:
    return {
        "site_name": name,
        "switch_count": switches,
        "manufacturer": str(inventory.manufacturer.pk),
        "switch_model": str(inventory.switch_model.pk),
    }


def run_here(job, data=None, *, commit=True, user=None):
    """Submit through submit_job() and run through the runner in this process; (result, [(level, message)])."""
    submission = submit_job(
        RunRequest(job=job, user=user, data=data or {}, commit=commit, source="api", enqueue=False)
    )
    run_job_result(submission.job_result.pk, data=submission.data)
    result = submission.job_result
    result.refresh_from_db()
    return result, log_lines(result)


def log_lines(result) -> list[tuple[str, str, str]]:
    return list(
        JobLogEntry.objects.filter(job_result_id=result.pk)
        .order_by("sequence")
        .values_list("grouping", "log_level", "message")
    )
