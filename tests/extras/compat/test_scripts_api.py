"""The Nautobot 1.x run routes by `module.Class`, and NetBox's scripts API (/api/extras/scripts/, CONTRACT C2)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from extras.choices import JobResultStatusChoices as Status
from extras.engine.runner import run_job_result
from extras.models import Job, JobResult, ScheduledJob
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape
from tests.extras.compat.conftest import branch_input
from tests.factories import dcim as f
from tests.factories.ipam import PrefixFactory

pytestmark = pytest.mark.django_db

SCRIPTS = "/api/extras/scripts/"


@pytest.fixture
def queued(recording_dispatcher, worker_heartbeat):
    """Runs are recorded at the dispatch port instead of going to a worker."""
    return recording_dispatcher


@pytest.fixture
def post(admin_api, django_capture_on_commit_callbacks):
    """POST as the superuser; what the request hands to the workers after its commit is sent at once."""

    def send(url: str, body: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return admin_api.post(url, body, format="json")

    return send


# --- Nautobot 1.x: module.Class in the run URL -----------------------------------------------------------


def test_a_job_runs_at_its_module_dot_class_url(post, fixture_jobs, inventory, queued):
    response = post(
        "/api/extras/jobs/nautobot_branch.NewBranch/run/",
        {"data": branch_input(inventory), "commit": True},
    )

    assert_status(response, 201)
    result = JobResult.objects.get(pk=response.json()["job_result"]["id"])
    assert result.job_model == fixture_jobs["NewBranch"]
    assert queued.runs == [result.pk]


def test_the_class_path_detail_shows_the_newest_run_even_while_it_is_pending(admin_api, fixture_jobs, queued):
    job = fixture_jobs["DeviceConnectionsReport"]
    finished = JobResult.objects.create(job_model=job, name=job.class_path, status=Status.STATUS_COMPLETED)
    run = admin_api.post(f"/api/extras/jobs/{job.class_path}/run/", {}, format="json").json()["result"]

    detail = admin_api.get(f"/api/extras/jobs/{job.class_path}/").json()

    assert run["id"] != str(finished.pk)
    assert detail["result"]["id"] == run["id"]
    assert detail["result"]["status"]["value"] == Status.STATUS_PENDING


def test_the_class_path_detail_of_a_never_run_job_has_no_result(admin_api, fixture_jobs):
    assert admin_api.get("/api/extras/jobs/local/nautobot_branch/ReserveAddress/").json()["result"] is None


# --- NetBox: list and detail ----------------------------------------------------------------------


def test_the_scripts_list_names_module_variables_and_the_newest_run(admin_api, fixture_jobs):
    job = fixture_jobs["PlanAddressing"]
    JobResult.objects.create(job_model=job, name=job.class_path, status=Status.STATUS_RUNNING)

    body = admin_api.get(SCRIPTS, {"limit": 0}).json()

    scripts = {item["class_path"]: item for item in body["results"]}
    plan = scripts["local/netbox_branch/PlanAddressing"]
    assert plan["module"] == "netbox_branch" and plan["name"] == "Plan addressing"
    assert plan["display"] == "Plan addressing (netbox_branch)"
    assert plan["vars"] == {"prefix": "ObjectVar", "count": "IntegerVar", "utilisation_limit": "DecimalVar"}
    assert plan["is_executable"] is True
    assert plan["result"]["status"]["value"] == Status.STATUS_RUNNING
    assert plan["url"].endswith(f"{SCRIPTS}{job.pk}/")
    assert plan["display_url"].endswith(job.get_absolute_url())


@pytest.mark.parametrize("identifier", ["netbox_branch.DecommissionSite", "uuid"])
def test_a_script_is_found_by_module_dot_class_or_uuid(admin_api, fixture_jobs, identifier):
    job = fixture_jobs["DecommissionSite"]
    response = admin_api.get(f"{SCRIPTS}{job.pk if identifier == 'uuid' else identifier}/")

    assert_status(response, 200)
    assert response.json()["id"] == str(job.pk)
    assert response.json()["vars"] == {
        "site": "ObjectVar",
        "reason": "StringVar",
        "effective": "DateVar",
        "notify": "BooleanVar",
    }


def test_the_detail_gives_the_newest_run_in_full_with_netboxs_data_shape(admin_api, fixture_jobs, inventory):
    job = fixture_jobs["DeviceConnectionsCheck"]
    device = f.DeviceFactory(name="edge-1")
    f.ConsolePortFactory(device=device, name="con0")
    run_job_result(JobResult.objects.create(job_model=job, name=job.class_path).pk)

    body = admin_api.get(f"{SCRIPTS}netbox_reports.DeviceConnectionsCheck/").json()

    data = body["result"]["data"]
    assert body["result"]["status"]["value"] == Status.STATUS_FAILED
    console = data["tests"]["test_console_connection"]
    assert console["failure"] == 1
    assert console["log"][0][1:] == [
        "failure",
        "edge-1",
        device.get_absolute_url(),
        "No console connection defined for con0",
    ]
    assert data["tests"]["test_power_connections"]["failure"] == 1
    assert data["output"] == ""


def test_an_unknown_script_is_404(admin_api, fixture_jobs):
    assert_error_shape(admin_api.get(f"{SCRIPTS}netbox_branch.Nope/"), 404, [])


def test_listing_scripts_needs_view_permission_on_jobs(user, token_client, grant_permission, fixture_jobs):
    assert_status(token_client(user).get(SCRIPTS), 403)
    grant_permission(user, Job, ["view"], {"module_name": "netbox_reports"})
    body = token_client(user).get(SCRIPTS).json()
    assert [item["class_path"] for item in body["results"]] == ["local/netbox_reports/DeviceConnectionsCheck"]


# --- NetBox: running --------------------------------------------------------------------------------


def test_post_runs_the_script_now_and_answers_with_the_script_and_its_new_result(
    post, fixture_jobs, inventory, queued
):
    response = post(
        f"{SCRIPTS}netbox_branch.NewBranchScript/",
        {"data": branch_input(inventory), "commit": True},
    )

    assert_status(response, 200)
    body = response.json()
    result = JobResult.objects.get(pk=body["result"]["id"])
    assert body["result"]["status"]["value"] == Status.STATUS_PENDING
    assert body["schedule"] is None
    assert (result.commit, queued.runs) == (True, [result.pk])
    assert result.job_kwargs["data"]["switch_count"] == 2  # NetBox keeps a script's input


def test_schedule_at_makes_a_one_off_schedule(post, fixture_jobs, inventory, queued):
    when = timezone.now() + timedelta(hours=2)
    response = post(
        f"{SCRIPTS}netbox_branch.NewBranchScript/",
        {"data": branch_input(inventory), "commit": False, "schedule_at": when.isoformat()},
    )

    assert_status(response, 200)
    body = response.json()
    schedule = ScheduledJob.objects.get(pk=body["schedule"]["id"])
    assert (body["result"], queued.runs) == (None, [])
    assert (schedule.interval, schedule.start_time, schedule.kwargs["commit"]) == ("future", when, False)
    assert schedule.name.startswith("New Branch at ")


@pytest.mark.parametrize(
    ("minutes", "interval", "crontab"),
    [
        (60, "hourly", ""),
        (1440, "daily", ""),
        (10080, "weekly", ""),
        (15, "custom", "7,22,37,52 * * * *"),
        (360, "custom", "7 4,10,16,22 * * *"),
    ],
)
def test_an_interval_in_minutes_becomes_a_recurring_schedule(
    post, fixture_jobs, inventory, queued, minutes, interval, crontab
):
    start = datetime(2031, 1, 1, 4, 7, tzinfo=UTC)
    response = post(
        f"{SCRIPTS}netbox_branch.NewBranchScript/",
        {
            "data": branch_input(inventory),
            "commit": True,
            "schedule_at": start.isoformat(),
            "interval": minutes,
        },
    )

    assert_status(response, 200)
    schedule = ScheduledJob.objects.get()
    assert (schedule.interval, schedule.crontab, schedule.start_time) == (interval, crontab, start)
    assert schedule.name == f"New Branch every {minutes} minutes"
    assert queued.runs == []


def test_an_interval_without_schedule_at_runs_now_and_then_every_interval(
    post, fixture_jobs, inventory, queued
):
    response = post(
        f"{SCRIPTS}netbox_branch.NewBranchScript/",
        {"data": branch_input(inventory), "commit": True, "interval": 60},
    )

    body = response.json()
    schedule = ScheduledJob.objects.get()
    assert queued.runs == [JobResult.objects.get().pk] and body["result"]["id"] == str(queued.runs[0])
    assert body["schedule"]["id"] == str(schedule.pk) and schedule.interval == "hourly"
    assert timedelta(minutes=59) < schedule.start_time - timezone.now() <= timedelta(minutes=60)


def test_an_interval_that_no_schedule_can_follow_is_a_400(admin_api, fixture_jobs, inventory, queued):
    response = admin_api.post(
        f"{SCRIPTS}netbox_branch.NewBranchScript/",
        {"data": branch_input(inventory), "commit": True, "interval": 90},
        format="json",
    )

    body = assert_error_shape(response, 400, ["interval"])
    assert body["errors"]["interval"][0].startswith("Every 90 minutes cannot be scheduled here")
    assert not JobResult.objects.exists() and not ScheduledJob.objects.exists()


def test_a_script_without_scheduling_refuses_a_schedule(admin_api, fixture_jobs, queued):
    site = f.SiteFactory()
    response = admin_api.post(
        f"{SCRIPTS}netbox_branch.DecommissionSite/",
        {
            "data": {"site": str(site.pk), "reason": "x"},
            "commit": True,
            "schedule_at": (timezone.now() + timedelta(days=1)).isoformat(),
        },
        format="json",
    )

    body = assert_error_shape(response, 400, ["schedule_at"])
    assert body["errors"]["schedule_at"] == [
        "Unable to schedule job: scheduling is not enabled for this job."
    ]
    assert not ScheduledJob.objects.exists()


def test_the_jobs_api_refuses_a_schedule_for_it_too(admin_api, fixture_jobs, queued):
    job = fixture_jobs["DecommissionSite"]
    response = admin_api.post(
        f"/api/extras/jobs/{job.pk}/run/",
        {
            "data": {"site": str(f.SiteFactory().pk), "reason": "x"},
            "schedule": {"interval": "hourly", "name": "n"},
        },
        format="json",
    )
    assert_error_shape(response, 400, ["schedule.interval"])


def test_a_past_schedule_at_is_refused_under_its_name(admin_api, fixture_jobs, inventory, queued):
    response = admin_api.post(
        f"{SCRIPTS}netbox_branch.NewBranchScript/",
        {"data": branch_input(inventory), "commit": True, "schedule_at": "2001-01-01T00:00:00Z"},
        format="json",
    )
    assert_error_shape(response, 400, ["schedule_at"])


def test_a_nautobot_job_with_sensitive_variables_cannot_be_scheduled_here_either(
    admin_api, fixture_jobs, inventory, queued
):
    response = admin_api.post(
        f"{SCRIPTS}nautobot_branch.NewBranch/",
        {
            "data": branch_input(inventory),
            "commit": True,
            "schedule_at": (timezone.now() + timedelta(days=1)).isoformat(),
        },
        format="json",
    )
    body = assert_error_shape(response, 400, ["schedule_at"])
    assert "sensitive input variables" in body["errors"]["schedule_at"][0]


def test_data_and_commit_are_required_and_bad_input_names_the_variable(admin_api, fixture_jobs, queued):
    url = f"{SCRIPTS}netbox_branch.PlanAddressing/"
    assert_error_shape(admin_api.post(url, {}, format="json"), 400, ["data", "commit"])
    response = admin_api.post(
        url, {"data": {"prefix": str(PrefixFactory().pk), "count": 99}, "commit": False}, format="json"
    )
    body = assert_error_shape(response, 400, ["count"])
    assert body["errors"]["count"] == ["Ensure this value is less than or equal to 16."]


def test_running_needs_the_run_permission_which_run_script_names(
    user, token_client, grant_permission, fixture_jobs, inventory, queued
):
    grant_permission(user, Job, ["view"])
    client = token_client(user)
    url = f"{SCRIPTS}netbox_branch.NewBranchScript/"
    assert_error_shape(
        client.post(url, {"data": branch_input(inventory), "commit": True}, format="json"), 403, []
    )

    grant_permission(user, Job, ["run"], {"module_name": "netbox_reports"})
    assert user.has_perm("extras.run_script")
    # A script the user may see but not run is a 403 (NetBox answers 404; ours says why, as the jobs API does).
    assert_error_shape(
        client.post(url, {"data": branch_input(inventory), "commit": True}, format="json"),
        403,
        [],
        detail="You do not have permission to run this job.",
    )
    report = f"{SCRIPTS}netbox_reports.DeviceConnectionsCheck/"
    assert_status(client.post(report, {"data": {}, "commit": False}, format="json"), 200)


def test_a_read_only_token_cannot_run_a_script(superuser, token_client, fixture_jobs, queued):
    client = token_client(superuser, write_enabled=False)
    response = client.post(
        f"{SCRIPTS}netbox_reports.DeviceConnectionsCheck/", {"data": {}, "commit": False}, format="json"
    )
    assert_error_shape(response, 403, [])


def test_no_worker_is_a_503(admin_api, fixture_jobs, recording_dispatcher):
    response = admin_api.post(
        f"{SCRIPTS}netbox_reports.DeviceConnectionsCheck/", {"data": {}, "commit": False}, format="json"
    )
    assert_error_shape(response, 503, [])


def test_a_disabled_script_is_403(admin_api, fixture_jobs, queued):
    Job.objects.filter(module_name="netbox_reports").update(enabled=False)
    response = admin_api.post(
        f"{SCRIPTS}netbox_reports.DeviceConnectionsCheck/", {"data": {}, "commit": False}, format="json"
    )
    assert_error_shape(response, 403, [], detail="This job is not enabled to be run.")
