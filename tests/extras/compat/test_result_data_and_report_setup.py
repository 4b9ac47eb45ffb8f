"""Nautobot 1.x jobs writing into `self.job_result.data`, and a NetBox report reading its names in __init__."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extras.choices import JobResultStatusChoices as Status
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


def test_what_a_job_writes_into_job_result_data_is_kept_and_served(fixture_jobs, superuser, token_client):
    f.SiteFactory(name="Paris")
    f.SiteFactory(name="Oslo", status=None)

    result, lines = run_here(fixture_jobs["CountSites"])

    assert result.status == Status.STATUS_COMPLETED, lines
    assert result.data == {"sites": 2, "without_status": 1, "names": ["Oslo", "Paris"]}
    client = token_client(superuser)
    body = client.get(reverse("extras-api:jobresult-detail", kwargs={"pk": result.pk})).json()
    assert body["data"]["sites"] == 2
    assert body["data"]["names"] == ["Oslo", "Paris"]
    assert body["data"]["run"]["success"] == 1  # the grouped log is still there beside it


def test_a_netbox_report_reads_its_names_and_tests_while_it_is_set_up(fixture_jobs):
    result, lines = run_here(fixture_jobs["NamedChecks"])

    assert result.status == Status.STATUS_COMPLETED, lines
    messages = {message for _, _, message in lines}
    assert "full_name=netbox_report_setup.NamedChecks" in messages
    assert "module=netbox_report_setup" in messages
    assert "class_name=NamedChecks" in messages
    assert "name=NamedChecks" in messages
    assert "test_methods=['test_names', 'test_second']" in messages
    assert "results=['test_names', 'test_second']" in messages
    assert "failed=False" in messages
