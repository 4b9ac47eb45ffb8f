"""The run form of the dialect files: NetBox fieldsets and scheduling_enabled, script_order in the job list."""

from __future__ import annotations

import pytest

from dcim.models import Device, Site
from extras.choices import JobResultStatusChoices as Status
from extras.engine.runner import run_job_result
from extras.models import JobResult
from tests.extras.compat.conftest import branch_input
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


def test_fieldsets_group_the_form_and_an_unlisted_variable_is_a_hidden_input(admin_client, fixture_jobs):
    response = admin_client.get(fixture_jobs["DecommissionSite"].get_absolute_url())

    html = response.content.decode()
    assert '<legend class="h6">Site</legend>' in html and '<legend class="h6">When</legend>' in html
    assert html.index('name="site"') < html.index('name="reason"') < html.index('name="effective"')
    assert '<input type="hidden" name="notify" value="False"' in html
    assert 'type="date" name="effective"' in html


def test_a_script_without_scheduling_has_no_schedule_fields(admin_client, fixture_jobs):
    html = admin_client.get(fixture_jobs["DecommissionSite"].get_absolute_url()).content.decode()

    assert "_schedule_interval" not in html
    assert "Scheduling is not enabled for this job: it can only run immediately." in html


def test_a_netbox_script_may_be_scheduled_from_its_form(admin_client, fixture_jobs):
    html = admin_client.get(fixture_jobs["NewBranchScript"].get_absolute_url()).content.decode()
    assert 'name="_schedule_interval"' in html


def test_the_form_runs_a_netbox_script_through_the_runner(
    admin_client, fixture_jobs, inventory, recording_dispatcher, worker_heartbeat
):
    job = fixture_jobs["NewBranchScript"]
    response = admin_client.post(
        job.get_absolute_url(), {**branch_input(inventory, "Branch 30", 1), "_commit": "on"}
    )

    result = JobResult.objects.get()
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()
    run_job_result(result.pk)
    result.refresh_from_db()
    assert result.status == Status.STATUS_COMPLETED
    assert Site.objects.get(slug="branch-30").status == "planned"
    assert Device.objects.get().name == "branch-30-switch1"


def test_the_form_runs_a_nautobot_job_through_the_runner(
    admin_client, fixture_jobs, inventory, recording_dispatcher, worker_heartbeat
):
    job = fixture_jobs["NewBranch"]
    page = admin_client.get(job.get_absolute_url()).content.decode()
    assert (
        page.index('name="site_name"') < page.index('name="switch_count"') < page.index('name="switch_model"')
    )

    response = admin_client.post(
        job.get_absolute_url(), {**branch_input(inventory, "Branch 31"), "_commit": "on"}
    )

    result = JobResult.objects.get()
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()
    run_job_result(result.pk, data=branch_input(inventory, "Branch 31"))  # input not stored: sensitive
    result.refresh_from_db()
    assert result.status == Status.STATUS_COMPLETED
    assert Device.objects.filter(site__slug="branch-31", status="planned").count() == 2


def test_the_form_posts_a_hidden_variables_default(
    admin_client, fixture_jobs, recording_dispatcher, worker_heartbeat
):
    site = f.SiteFactory(status=f.status("active"))
    response = admin_client.post(
        fixture_jobs["DecommissionSite"].get_absolute_url(),
        {"site": str(site.pk), "reason": "moving", "notify": "False", "_commit": "on"},
    )

    assert response.status_code == 302
    assert JobResult.objects.get().job_kwargs["data"]["notify"] is False


def test_the_job_list_follows_script_order(admin_client, fixture_jobs):
    html = admin_client.get("/extras/jobs/").content.decode()

    netbox_section = html[html.index("Branch scripts (NetBox)") :]
    positions = [
        netbox_section.index(name) for name in ("New Branch", "Plan addressing", "Decommission a site")
    ]
    assert positions == sorted(positions)  # script_order, not the alphabet
