"""Fixtures for engine tests: JOBS_ROOT pointed at tests/fixture_jobs, with enabled records."""

from __future__ import annotations

import pytest

from tests.factories.dcim import DeviceTypeFactory, ManufacturerFactory
from tests.factories.extras import FIXTURE_JOBS_ROOT, sync_fixture_jobs


@pytest.fixture
def fixture_jobs_root(settings):
    settings.JOBS_ROOT = FIXTURE_JOBS_ROOT
    return FIXTURE_JOBS_ROOT


@pytest.fixture
def fixture_jobs(fixture_jobs_root, django_db_blocker):
    """Job records of the fixture jobs, keyed by class name (e.g. fixture_jobs["PassingJob"])."""
    return sync_fixture_jobs()


@pytest.fixture
def celery_worker(celery_worker):
    """The session worker, re-announced: a transactional test's flush empties the heartbeat table, and
    waiting up to one heartbeat interval for the worker to write it again would slow every test."""
    from django.utils import timezone

    from extras.liveness.workers import incarnation_of
    from extras.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        hostname=celery_worker.hostname,
        defaults={
            "incarnation": incarnation_of(celery_worker.process.pid),
            "queues": ["default"],
            "pid": celery_worker.process.pid,
            "beat": timezone.now(),
        },
    )
    return celery_worker


@pytest.fixture
def every_variable_input(db):
    """One valid API value for every variable of tests/fixture_jobs/all_variables.EveryVariableJob."""
    manufacturer = ManufacturerFactory(name="Acme")
    device_types = [
        DeviceTypeFactory(manufacturer=manufacturer),
        DeviceTypeFactory(manufacturer=manufacturer),
    ]
    return {
        "string_var": "branch-1",
        "text_var": "Some notes",
        "integer_var": 0,
        "boolean_var": True,
        "choice_var": "n",
        "multichoice_var": ["e", "w"],
        "object_var": str(manufacturer.pk),
        "multiobject_var": [str(device_type.pk) for device_type in device_types],
        "ipaddress_var": "192.0.2.1",
        "ipaddress_with_mask_var": "192.0.2.1/24",
        "ipnetwork_var": "10.0.0.0/24",
    }
