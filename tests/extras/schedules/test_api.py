"""/api/extras/scheduled-jobs/: list, detail, pause, delete, and approve / deny / dry-run (CONTRACT A4.3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.models import ApprovalDecision, Job, JobResult, ScheduledJob
from extras.schedules.scheduling import ScheduleRequest, create_schedule
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def url(schedule: ScheduledJob, suffix: str = "") -> str:
    return reverse("extras-api:scheduledjob-detail", kwargs={"pk": schedule.pk}) + suffix


@pytest.fixture
def requester(db):
    return UserFactory(username="requester")


@pytest.fixture
def approver(grant_permission):
    """May approve jobs and change, delete and view scheduled jobs, and run jobs."""
    user = UserFactory(username="approver")
    grant_permission(user, Job, ["view", "run", "approve"])
    grant_permission(user, ScheduledJob, ["view", "change", "delete"])
    return user


def request_run(job: Job, user, interval="immediately", start_time=None, **schedule) -> ScheduledJob:
    return create_schedule(
        job,
        ScheduleRequest(interval=interval, start_time=start_time, **schedule),
        user=user,
        data={"note": "stored"},
        commit=True,
        task_queue="default",
    )


@pytest.fixture
def pending_request(fixture_jobs, requester, grant_permission) -> ScheduledJob:
    grant_permission(requester, Job, ["view", "run"])
    return request_run(fixture_jobs["ApprovalJob"], requester)


def test_list_and_detail_show_the_schedule_and_its_input(admin_api, pending_request):
    listed = admin_api.get(reverse("extras-api:scheduledjob-list")).json()
    assert listed["count"] == 1
    detail = admin_api.get(url(pending_request)).json()
    assert detail["approval_required"] is True and detail["approved_at"] is None
    assert detail["data"] == {"note": "stored"} and detail["commit"] is True
    assert detail["user"]["username"] == "requester"
    assert detail["job_model"]["name"] == "Needs approval"


def test_filter_by_waiting_for_approval(admin_api, pending_request, fixture_jobs, requester):
    request_run(
        fixture_jobs["CreateManufacturerJob"], requester, "future", timezone.now() + timedelta(days=1)
    )
    waiting = admin_api.get(reverse("extras-api:scheduledjob-list"), {"needs_approval": "true"}).json()
    assert [item["id"] for item in waiting["results"]] == [str(pending_request.pk)]


def test_schedules_can_be_deleted(admin_api, pending_request):
    assert_status(admin_api.delete(url(pending_request)), 204)
    assert not ScheduledJob.objects.exists()


def test_schedules_cannot_be_created_directly(admin_api, fixture_jobs):
    response = admin_api.post(reverse("extras-api:scheduledjob-list"), {"name": "x"}, format="json")
    assert_status(response, 405)


def test_pausing_and_resuming_skips_the_occurrences_of_the_pause(admin_api, fixture_jobs, requester):
    start = timezone.now() + timedelta(hours=1)
    schedule = request_run(fixture_jobs["CreateManufacturerJob"], requester, "hourly", start)
    assert_status(admin_api.patch(url(schedule), {"enabled": False}, format="json"), 200)
    ScheduledJob.objects.filter(pk=schedule.pk).update(next_run_at=timezone.now() - timedelta(hours=3))
    assert_status(admin_api.patch(url(schedule), {"enabled": True}, format="json"), 200)
    schedule.refresh_from_db()
    assert schedule.enabled and schedule.next_run_at > timezone.now()
    assert schedule.next_run_at.minute == start.minute


# --- approve ------------------------------------------------------------------------------------------


def test_approving_a_run_now_request_runs_it_at_once(approver, token_client, pending_request):
    response = token_client(approver).post(url(pending_request, "approve/"))
    assert_status(response, 200)
    assert response.json()["approved_by_user"]["username"] == "approver"
    result = JobResult.objects.get()
    assert result.schedule_id == pending_request.pk and result.user.username == "requester"
    assert result.job_kwargs["data"] == {"note": "stored"} and result.commit is True
    decision = ApprovalDecision.objects.get()
    assert (decision.decision, decision.decided_by, decision.requested_by.username) == (
        "approved",
        approver,
        "requester",
    )


def test_nobody_approves_their_own_request_not_even_a_superuser(superuser, token_client, fixture_jobs):
    schedule = request_run(fixture_jobs["ApprovalJob"], superuser)
    response = token_client(superuser).post(url(schedule, "approve/"))
    assert_error_shape(response, 403, [], detail="You cannot approve your own job request!")
    assert not JobResult.objects.exists()


def test_approving_needs_approve_on_the_job(user, token_client, grant_permission, pending_request):
    grant_permission(user, ScheduledJob, ["view", "change"])
    grant_permission(user, Job, ["view", "run"])
    response = token_client(user).post(url(pending_request, "approve/"))
    assert_error_shape(response, 403, [], detail="You do not have permission to approve this request.")


def test_approving_needs_change_on_scheduled_jobs(user, token_client, grant_permission, pending_request):
    grant_permission(user, ScheduledJob, ["view"])
    grant_permission(user, Job, ["view", "approve"])
    assert_status(token_client(user).post(url(pending_request, "approve/")), 403)


def test_a_past_due_one_off_needs_force(approver, token_client, fixture_jobs, requester):
    schedule = request_run(
        fixture_jobs["ApprovalJob"], requester, "future", timezone.now() + timedelta(minutes=1), name="soon"
    )
    ScheduledJob.objects.filter(pk=schedule.pk).update(
        start_time=timezone.now() - timedelta(hours=1), next_run_at=timezone.now() - timedelta(hours=1)
    )
    client = token_client(approver)
    refused = client.post(url(schedule, "approve/"))
    assert assert_error_shape(refused, 400, [])["detail"].startswith("The job's start time is in the past.")
    assert_status(client.post(url(schedule, "approve/") + "?force=true"), 200)
    assert JobResult.objects.filter(schedule=schedule).count() == 1


def test_approving_twice_is_400(approver, token_client, pending_request):
    client = token_client(approver)
    client.post(url(pending_request, "approve/"))
    assert_status(client.post(url(pending_request, "approve/")), 400)
    assert JobResult.objects.count() == 1


def test_an_approved_future_schedule_waits_for_its_time(approver, token_client, fixture_jobs, requester):
    schedule = request_run(
        fixture_jobs["ApprovalJob"], requester, "future", timezone.now() + timedelta(days=1), name="tomorrow"
    )
    assert_status(token_client(approver).post(url(schedule, "approve/")), 200)
    assert not JobResult.objects.exists()
    assert ScheduledJob.objects.due(timezone.now() + timedelta(days=2)).filter(pk=schedule.pk).exists()


# --- deny -----------------------------------------------------------------------------------------------


def test_denying_deletes_the_request_and_keeps_the_decision(approver, token_client, pending_request):
    response = token_client(approver).post(url(pending_request, "deny/"))
    assert_status(response, 200)
    assert response.json() is None
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()
    decision = ApprovalDecision.objects.get()
    assert decision.decision == "denied" and decision.schedule_name == pending_request.name


def test_denying_needs_delete_on_scheduled_jobs(user, token_client, grant_permission, pending_request):
    grant_permission(user, ScheduledJob, ["view", "change"])
    grant_permission(user, Job, ["view", "approve"])
    assert_status(token_client(user).post(url(pending_request, "deny/")), 403)
    assert ScheduledJob.objects.exists()


def test_the_requester_may_withdraw_their_own_request(
    requester, token_client, grant_permission, pending_request
):
    grant_permission(requester, ScheduledJob, ["view", "delete"])
    grant_permission(requester, Job, ["view", "approve"])
    assert_status(token_client(requester).post(url(pending_request, "deny/")), 200)


# --- dry run ----------------------------------------------------------------------------------------------


def test_dry_run_runs_the_stored_input_now_without_committing(
    approver, token_client, pending_request, worker_heartbeat
):
    response = token_client(approver).post(url(pending_request, "dry-run/"))
    assert_status(response, 200)
    body = response.json()
    assert body["status"]["value"] == "pending" and body["commit"] is False
    assert body["user"]["username"] == "approver"
    assert ScheduledJob.objects.get().awaiting_approval  # still waiting for a decision
    assert ApprovalDecision.objects.get().job_result_id is not None


def test_dry_run_of_a_job_that_cannot_run_is_405(approver, token_client, pending_request, worker_heartbeat):
    Job.objects.filter(pk=pending_request.job_model_id).update(enabled=False)
    response = token_client(approver).post(url(pending_request, "dry-run/"))
    assert_error_shape(
        response, 405, [], detail='Method "This job cannot be dry-run at this time." not allowed.'
    )


def test_dry_run_needs_run_on_the_job(
    user, token_client, grant_permission, pending_request, worker_heartbeat
):
    grant_permission(user, ScheduledJob, ["view"])
    grant_permission(user, Job, ["view"])
    assert_status(token_client(user).post(url(pending_request, "dry-run/")), 403)


def test_dry_run_without_a_worker_is_503(approver, token_client, pending_request):
    assert_status(token_client(approver).post(url(pending_request, "dry-run/")), 503)


def test_preview_lists_the_next_five_runs_of_a_crontab(user, token_client):
    response = token_client(user).get(
        reverse("extras-api:scheduledjob-preview"),
        {"interval": "custom", "crontab": "0 9 * * 1-5", "time_zone": "Europe/Berlin"},
    )
    assert_status(response, 200)
    runs = response.json()["next_runs"]
    assert len(runs) == 5 and runs == sorted(runs)


def test_preview_of_a_bad_crontab_is_400(user, token_client):
    response = token_client(user).get(
        reverse("extras-api:scheduledjob-preview"), {"interval": "custom", "crontab": "nope", "name": "p"}
    )
    body = assert_error_shape(response, 400, ["crontab"])
    assert body["errors"] == {"crontab": ["Please enter a valid crontab."]}


def test_a_request_already_approved_cannot_be_denied(approver, token_client, pending_request, fixture_jobs):
    client = token_client(approver)
    client.post(url(pending_request, "approve/"))
    response = client.post(url(pending_request, "deny/"))
    assert_status(response, 400)
    assert ScheduledJob.objects.filter(pk=pending_request.pk).exists()
    assert list(ApprovalDecision.objects.values_list("decision", flat=True)) == ["approved"]
