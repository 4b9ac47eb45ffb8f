"""Approvals with reviewed changes: the queue and the API show the change set of a request's dry run, and
approving "as reviewed" binds the run to it; approving plainly stays as it was."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from dcim.models import Site
from extras.choices import ApprovalDecisionChoices as Decision
from extras.models import ApprovalDecision, Job, JobResult, ObjectChange, ScheduledJob
from extras.schedules.requests import ScheduleRequest, create_schedule
from tests.api_errors import assert_error_shape
from tests.extras.changes.helpers import dry_run_result
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def requester(db):
    user = UserFactory(username="requester")
    grant(user, Job, ["view", "run"])
    grant(user, ScheduledJob, ["view"])
    return user


@pytest.fixture
def approver(db):
    user = UserFactory(username="approver")
    grant(user, Job, ["view", "run", "approve"])
    grant(user, ScheduledJob, ["view", "change", "delete"])
    grant(user, JobResult, ["view"])
    grant(user, ObjectChange, ["view"])  # a change set is change-log content (issue 20, defect 3)
    grant(user, Site, ["view"])
    return user


def request_run(job, user, interval="immediately") -> ScheduledJob:
    return create_schedule(
        job,
        ScheduleRequest(interval=interval, name="new branch"),
        user=user,
        data={"site_name": "Branch 9"},
        commit=True,
        task_queue="default",
    )


def dry_run_of(schedule: ScheduledJob, user) -> JobResult:
    """A completed dry run of the request, as the queue's Dry run button records it."""
    new_site = uuid.uuid4()
    result = dry_run_result(
        schedule.job_model,
        user,
        data=schedule.data,
        schedule=schedule,
        changes=[
            (Site, new_site, "create", None, {"id": str(new_site), "display": "Branch 9", "name": "Branch 9"})
        ],
    )
    ApprovalDecision.objects.create(
        scheduled_job=schedule,
        schedule_name=schedule.name,
        job_model=schedule.job_model,
        requested_by=schedule.user,
        decision=Decision.DECISION_DRY_RUN,
        decided_by=user,
        job_result=result,
    )
    return result


@pytest.fixture
def pending(fixture_jobs, requester) -> ScheduledJob:
    return request_run(fixture_jobs["ApprovedSiteJob"], requester)


def api_url(schedule, action: str) -> str:
    return f"/api/extras/scheduled-jobs/{schedule.pk}/{action}/"


def test_the_api_shows_what_the_requests_newest_dry_run_would_change(
    token_client, approver, requester, pending
):
    client = token_client(approver)
    body = client.get(api_url(pending, "changes")).json()
    assert body["dry_run"] is None and body["count"] == 0
    dry_run_of(pending, requester)
    newest = dry_run_of(pending, approver)
    body = client.get(api_url(pending, "changes")).json()
    assert body["dry_run"]["id"] == str(newest.pk) and body["dry_run"]["change_count"] == 1
    assert [(item["action"]["value"], item["object_repr"]) for item in body["results"]] == [
        ("create", "Branch 9")
    ]


def test_approving_as_reviewed_binds_the_run_to_that_dry_run(
    token_client,
    approver,
    requester,
    pending,
    worker_heartbeat,
    recording_dispatcher,
    django_capture_on_commit_callbacks,
):
    reviewed = dry_run_of(pending, requester)
    with django_capture_on_commit_callbacks(execute=True):
        response = token_client(approver).post(
            api_url(pending, "approve"), {"reviewed_result": str(reviewed.pk)}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert response.json()["reviewed_result"]["id"] == str(reviewed.pk)
    run = JobResult.objects.get(schedule=pending, scheduled_for__isnull=False)
    assert run.reviewed_result == reviewed and run.commit
    assert recording_dispatcher.runs == [run.pk]


def test_approving_plainly_stays_as_it_was(
    token_client, approver, requester, pending, worker_heartbeat, recording_dispatcher
):
    dry_run_of(pending, requester)
    response = token_client(approver).post(api_url(pending, "approve"))
    assert response.status_code == 200 and response.json()["reviewed_result"] is None
    run = JobResult.objects.get(schedule=pending, scheduled_for__isnull=False)
    assert run.reviewed_result is None


@pytest.mark.parametrize("reviewed", ["not-a-uuid", "another-request", "unknown"])
def test_a_reviewed_result_that_is_not_a_dry_run_of_the_request_is_a_400(
    token_client, approver, requester, pending, fixture_jobs, reviewed
):
    other = dry_run_of(request_run(fixture_jobs["ApprovedSiteJob"], requester), requester)
    value = {"not-a-uuid": "not-a-uuid", "another-request": str(other.pk), "unknown": str(uuid.uuid4())}[
        reviewed
    ]
    response = token_client(approver).post(
        api_url(pending, "approve"), {"reviewed_result": value}, format="json"
    )
    assert_error_shape(response, 400, ["reviewed_result"])
    pending.refresh_from_db()
    assert pending.approved_at is None


def test_a_recurring_request_cannot_be_approved_as_reviewed(token_client, approver, requester, fixture_jobs):
    recurring = request_run(fixture_jobs["ApprovedSiteJob"], requester, interval="daily")
    reviewed = dry_run_of(recurring, requester)
    response = token_client(approver).post(
        api_url(recurring, "approve"), {"reviewed_result": str(reviewed.pk)}, format="json"
    )
    body = assert_error_shape(response, 400, ["reviewed_result"])
    assert "runs once" in body["detail"]


def test_the_queue_shows_the_dry_runs_changes_and_offers_approving_them(client, approver, requester, pending):
    reviewed = dry_run_of(pending, requester)
    client.force_login(approver)
    html = client.get(reverse("extras:scheduledjob_approval_queue")).content.decode()
    assert "Would change 1 object" in html
    assert reverse("extras:jobresult_changes", kwargs={"pk": reviewed.pk}) in html
    assert f'name="reviewed_result" value="{reviewed.pk}"' in html and "Approve as reviewed" in html


def test_approving_as_reviewed_from_the_queue(
    client, approver, requester, pending, worker_heartbeat, recording_dispatcher
):
    reviewed = dry_run_of(pending, requester)
    client.force_login(approver)
    response = client.post(
        reverse("extras:scheduledjob_approve", kwargs={"pk": pending.pk}),
        {"reviewed_result": str(reviewed.pk)},
        follow=True,
    )
    assert any("approved as reviewed" in str(message) for message in response.context["messages"])
    pending.refresh_from_db()
    assert pending.reviewed_result == reviewed


def test_a_dry_run_of_a_waiting_request_offers_approving_its_changes_on_its_page(
    client, approver, requester, pending
):
    reviewed = dry_run_of(pending, requester)
    client.force_login(approver)
    html = client.get(reverse("extras:jobresult_changes", kwargs={"pk": reviewed.pk})).content.decode()
    assert 'id="approve-changes"' in html and "Commit these changes" not in html
    client.force_login(requester)  # nobody approves their own request
    html = client.get(reverse("extras:jobresult_changes", kwargs={"pk": reviewed.pk})).content.decode()
    assert 'id="approve-changes"' not in html


def test_committing_a_reviewed_run_of_a_job_that_requires_approval_makes_a_request_carrying_it(
    token_client, requester, fixture_jobs
):
    job = fixture_jobs["ApprovedSiteJob"]
    reviewed = dry_run_result(job, requester, data={"site_name": "Branch 9"})
    grant(requester, JobResult, ["view"])
    response = token_client(requester).post(f"/api/extras/job-results/{reviewed.pk}/commit/")
    assert response.status_code == 201, response.json()
    schedule = ScheduledJob.objects.get(pk=response.json()["schedule"]["id"])
    assert schedule.awaiting_approval and schedule.reviewed_result == reviewed and schedule.commit


def test_the_queue_does_not_show_a_dry_run_the_approver_may_not_view(client, approver, requester, pending):
    """Issue 20: the queue embeds a request's newest dry run only for who may view that run."""
    reviewed = dry_run_of(pending, requester)
    limited = UserFactory(username="limited approver")
    grant(limited, Job, ["view", "run", "approve"])
    grant(limited, ScheduledJob, ["view", "change", "delete"])
    grant(limited, JobResult, ["view"], constraints={"user": "$user"})
    client.force_login(limited)
    html = client.get(reverse("extras:scheduledjob_approval_queue")).content.decode()
    assert pending.name in html
    assert str(reviewed.pk) not in html and "Would change 1 object" not in html
