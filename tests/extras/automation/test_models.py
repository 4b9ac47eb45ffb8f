"""Job buttons and hooks as records: a job that is no longer installed disables them (Nautobot's rule)."""

from __future__ import annotations

import pytest

from extras.engine.job_records import sync_job_records
from extras.models import Job, JobButton, JobHook

pytestmark = pytest.mark.django_db


def test_a_job_whose_code_is_gone_disables_its_buttons_and_hooks(fixture_jobs, settings, tmp_path):
    button = JobButton.objects.create(name="B", text="B", job=fixture_jobs["NoteDeviceButton"])
    hook = JobHook.objects.create(name="H", job=fixture_jobs["DescribeManufacturerHook"], type_create=True)
    settings.JOBS_ROOT = tmp_path  # the code is gone: an empty jobs folder
    (tmp_path / "__init__.py").write_text("")
    report = sync_job_records()
    assert {job.job_class_name for job in report.uninstalled} >= {
        "NoteDeviceButton",
        "DescribeManufacturerHook",
    }
    button.refresh_from_db()
    hook.refresh_from_db()
    assert not button.enabled and not hook.enabled and button.job.installed is False


def test_saving_an_installed_job_leaves_its_buttons_alone(fixture_jobs):
    job = fixture_jobs["NoteDeviceButton"]
    button = JobButton.objects.create(name="B", text="B", job=job)
    job.description = "Still here"
    job.save()
    button.refresh_from_db()
    assert button.enabled
    Job.objects.filter(pk=job.pk).update(installed=False)
    job.refresh_from_db()
    job.save()
    button.refresh_from_db()
    assert not button.enabled
