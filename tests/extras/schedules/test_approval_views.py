"""The Job Approval Queue page and its decisions: approve (with confirmation when past due), deny,
dry run; who may take which, and that every refusal is a message or a 403/404, never a 500."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from extras.models import ApprovalDecision, Job, JobResult, ScheduledJob
from extras.schedules.approvals import NO_APPROVE_PERMISSION, SELF_APPROVAL
from extras.schedules.requests import ScheduleRequest, create_schedule
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("extras:scheduledjob_approval_queue")


def decision_url(schedule: ScheduledJob, decision: str) -> str:
    return reverse(f"extras:scheduledjob_{decision}", kwargs={"pk": schedule.pk})


def request_run(job: Job, user, interval="immediately", start_time=None, name="", **options) -> ScheduledJob:
    return create_schedule(
        job,
        ScheduleRequest(interval=interval, start_time=start_time, name=name, **options),
        user=user,
        data={"note": "stored note"},
        commit=True,
        task_queue="default",
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def requester(db):
    user = UserFactory(username="requester")
    grant(user, Job, ["view", "run"])
    grant(user, ScheduledJob, ["view"])
    return user


@pytest.fixture
def approver(db):
    """May approve, deny and dry-run: the permissions the API asks for too."""
    user = UserFactory(username="approver")
    grant(user, Job, ["view", "run", "approve"])
    grant(user, ScheduledJob, ["view", "change", "delete"])
    grant(user, JobResult, ["view"])
    return user


@pytest.fixture
def pending(fixture_jobs, requester) -> ScheduledJob:
    return request_run(fixture_jobs["ApprovalJob"], requester, name="please run")


def queue_body(html: str) -> str:
    return html.split('id="approval-queue"')[1].split("</tbody>")[0]


def login(client, user):
    client.force_login(user)
    return client


# --- The page -------------------------------------------------------------------------------------------


def test_the_queue_lists_every_pending_request_with_its_job_requester_times_and_inputs(
    client, approver, requester, pending, fixture_jobs
):
    start = timezone.now() + timedelta(days=3)
    later = request_run(fixture_jobs["ApprovalJob"], requester, "future", start, name="later please")
    approved = request_run(fixture_jobs["ApprovalJob"], requester, "future", start, name="done already")
    ScheduledJob.objects.filter(pk=approved.pk).update(approved_at=timezone.now(), approved_by_user=approver)
    not_needed = request_run(fixture_jobs["CreateManufacturerJob"], requester, "daily", start, name="plain")

    response = login(client, approver).get(QUEUE_URL)
    assert response.status_code == 200
    assert [row.schedule for row in response.context["rows"]] == [pending, later]
    html = response.content.decode()
    assert "<title>Job Approval Queue" in html and '<h1 class="h3 mb-0">Job Approval Queue</h1>' in html
    assert f'<a href="{pending.get_absolute_url()}">please run</a>' in html
    assert "Needs approval" in html and "<td>requester</td>" in html
    assert "As soon as approved" in html and start.strftime("%Y-%m-%d") in html
    assert '<dt class="d-inline fw-semibold">Note:</dt>' in html and "stored note" in html
    assert "done already" not in html and not_needed.name not in html
    for action in ("Dry run", "Approve", "Deny"):
        assert f'aria-label="{action} please run">{action}</button>' in html
    assert html.count('name="csrfmiddlewaretoken"') >= 6  # every action is a POST form


def test_the_queue_costs_the_same_queries_for_many_requests(
    client, approver, fixture_jobs, django_assert_max_num_queries
):
    for number in range(2):
        request_run(fixture_jobs["ApprovalJob"], UserFactory(), name=f"r{number}")
    login(client, approver)
    with django_assert_max_num_queries(20) as few:
        client.get(QUEUE_URL)
    for number in range(40):
        request_run(fixture_jobs["ApprovalJob"], UserFactory(), name=f"s{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE_URL)
    assert len(response.context["rows"]) == 42


def test_the_queue_needs_the_view_permission_and_shows_only_the_requests_the_user_may_see(
    client, fixture_jobs, requester, pending
):
    other = UserFactory()
    assert login(client, other).get(QUEUE_URL).status_code == 403
    grant(other, ScheduledJob, ["view"], constraints={"name": "something else"})
    assert login(client, other).get(QUEUE_URL).context["rows"] == []


def test_buttons_show_only_the_decisions_the_user_may_take(client, requester, pending, fixture_jobs):
    viewer = UserFactory()
    grant(viewer, ScheduledJob, ["view"])
    html = login(client, viewer).get(QUEUE_URL).content.decode()
    assert "No decision is yours to take." in html and "<button" not in queue_body(html)

    runner = UserFactory()
    grant(runner, ScheduledJob, ["view", "change"])
    grant(runner, Job, ["run"])
    html = login(client, runner).get(QUEUE_URL).content.decode()
    assert ">Dry run</button>" in html and ">Approve</button>" not in html and ">Deny</button>" not in html

    # The requester holding every permission may withdraw, never approve their own request.
    grant(requester, Job, ["approve"])
    grant(requester, ScheduledJob, ["change", "delete"])
    html = login(client, requester).get(QUEUE_URL).content.decode()
    assert re.search(r'<button type="submit" class="btn btn-success btn-sm" disabled', html)
    assert "Your own request: another user must approve it." in html
    assert ">Withdraw</button>" in html


# --- Approve --------------------------------------------------------------------------------------------


def test_approving_a_run_now_request_runs_it_and_says_so(client, approver, pending):
    response = login(client, approver).post(decision_url(pending, "approve"), follow=True)
    assert response.redirect_chain == [(QUEUE_URL, 302)]
    assert messages_of(response) == ["please run was approved and will now begin execution"]
    pending.refresh_from_db()
    assert pending.approved_by_user == approver and pending.approved_at is not None
    result = JobResult.objects.get(schedule=pending)
    assert result.user.username == "requester" and result.job_kwargs["data"] == {"note": "stored note"}
    assert ApprovalDecision.objects.get().decision == "approved"
    assert response.context["rows"] == []


def test_approving_a_future_request_only_approves_it(client, approver, requester, fixture_jobs):
    future = request_run(
        fixture_jobs["ApprovalJob"], requester, "future", timezone.now() + timedelta(hours=2), name="tonight"
    )
    response = login(client, approver).post(decision_url(future, "approve"), follow=True)
    assert messages_of(response) == ["tonight was approved"]
    assert not JobResult.objects.exists()


def test_nobody_approves_their_own_request_not_even_a_superuser(client, superuser, fixture_jobs):
    own = request_run(fixture_jobs["ApprovalJob"], superuser, name="mine")
    response = login(client, superuser).post(decision_url(own, "approve"), follow=True)
    assert messages_of(response) == [SELF_APPROVAL]
    own.refresh_from_db()
    assert own.awaiting_approval and not JobResult.objects.exists()
    assert not ApprovalDecision.objects.exists()


def test_approving_needs_change_on_the_request_and_approve_on_the_job(client, pending):
    user = UserFactory()
    grant(user, ScheduledJob, ["view"])
    assert login(client, user).post(decision_url(pending, "approve")).status_code == 403
    grant(user, ScheduledJob, ["change"], constraints={"name": "another"})
    assert login(client, user).post(decision_url(pending, "approve")).status_code == 404
    grant(user, ScheduledJob, ["change"])
    response = login(client, user).post(decision_url(pending, "approve"), follow=True)
    assert messages_of(response) == [NO_APPROVE_PERMISSION]
    pending.refresh_from_db()
    assert pending.awaiting_approval
    assert login(client, user).get(decision_url(pending, "approve")).status_code == 405


def test_approving_a_past_due_one_off_asks_for_confirmation_then_runs_it(
    client, approver, requester, fixture_jobs
):
    start = timezone.now() + timedelta(minutes=5)
    late = request_run(fixture_jobs["ApprovalJob"], requester, "future", start, name="late one")
    past = timezone.now() - timedelta(hours=1)  # as if it had waited in the queue past its time
    ScheduledJob.objects.filter(pk=late.pk).update(start_time=past, next_run_at=past)
    response = login(client, approver).post(decision_url(late, "approve"))
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Warning: You are approving a job that is past its scheduled date (" in html
        and "). It will run immediately after approval." in html
    )
    assert re.search(r'<input type="hidden" name="force" value="true">', html)
    late.refresh_from_db()
    assert late.awaiting_approval and not JobResult.objects.exists()

    response = client.post(decision_url(late, "approve"), {"force": "true"}, follow=True)
    assert messages_of(response) == ["late one was approved and will now begin execution"]
    assert JobResult.objects.filter(schedule=late).count() == 1


def test_approving_from_the_request_page_returns_there(client, approver, pending):
    html = login(client, approver).get(pending.get_absolute_url()).content.decode()
    assert "waits for another user's approval" in html and ">Approve</button>" in html
    response = client.post(decision_url(pending, "approve"), {"return_url": pending.get_absolute_url()})
    assert response["Location"] == pending.get_absolute_url()
    response = client.post(decision_url(pending, "approve"), {"return_url": "https://evil.example/"})
    assert response["Location"] == QUEUE_URL  # already approved: a message; never an open redirect


# --- Deny -----------------------------------------------------------------------------------------------


def test_denying_deletes_the_request_and_keeps_the_decision(client, approver, pending):
    response = login(client, approver).post(decision_url(pending, "deny"), follow=True)
    assert messages_of(response) == ["Approval of please run was denied"]
    assert not ScheduledJob.objects.exists() and not JobResult.objects.exists()
    decision = ApprovalDecision.objects.get()
    assert (decision.decision, decision.decided_by, decision.schedule_name) == (
        "denied",
        approver,
        "please run",
    )


def test_the_requester_may_withdraw_their_own_request_once_they_confirm(client, requester, pending):
    grant(requester, Job, ["approve"])
    grant(requester, ScheduledJob, ["delete"])
    login(client, requester)
    asked = client.post(decision_url(pending, "deny"), {"return_url": pending.get_absolute_url()})
    assert asked.status_code == 200 and ScheduledJob.objects.filter(pk=pending.pk).exists()
    html = asked.content.decode()
    assert "Withdraw your request please run?" in html and "will be deleted and will not run" in html
    assert 'name="confirm" value="true"' in html and f'href="{pending.get_absolute_url()}">Keep it' in html

    response = client.post(
        decision_url(pending, "deny"),
        {"return_url": pending.get_absolute_url(), "confirm": "true"},
        follow=True,
    )
    assert response.redirect_chain == [(QUEUE_URL, 302)]  # not back to the deleted request's page
    assert messages_of(response) == ["Your request please run was withdrawn: it will not run."]
    assert not ScheduledJob.objects.exists()


def test_denying_needs_delete_on_the_request_and_approve_on_the_job(client, pending):
    user = UserFactory()
    grant(user, ScheduledJob, ["view", "change"])
    assert login(client, user).post(decision_url(pending, "deny")).status_code == 403
    grant(user, ScheduledJob, ["delete"])
    response = login(client, user).post(decision_url(pending, "deny"), follow=True)
    assert messages_of(response) == ["You do not have permission to deny this request."]
    assert ScheduledJob.objects.filter(pk=pending.pk).exists()


# --- Dry run --------------------------------------------------------------------------------------------


def test_a_dry_run_runs_the_stored_input_with_commit_off_and_opens_its_result(
    client, approver, pending, worker_heartbeat
):
    response = login(client, approver).post(decision_url(pending, "dry_run"))
    result = JobResult.objects.get()
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()
    assert result.commit is False and result.user == approver and result.schedule == pending
    assert result.job_kwargs["data"] == {"note": "stored note"}
    pending.refresh_from_db()
    assert pending.awaiting_approval  # the request keeps waiting
    assert ApprovalDecision.objects.get().job_result == result
    html = client.get(response["Location"]).content.decode()
    assert "<strong>Dry run</strong> by approver" in html


def test_a_dry_run_without_a_worker_is_a_message(client, approver, pending):
    response = login(client, approver).post(decision_url(pending, "dry_run"), follow=True)
    assert messages_of(response) == [
        "please run was not dry-run. Unable to process request: No celery workers running on queue default."
    ]
    assert not JobResult.objects.exists()


def test_a_dry_run_needs_run_on_the_job_and_a_runnable_job(client, pending, approver):
    user = UserFactory()
    grant(user, ScheduledJob, ["view"])
    response = login(client, user).post(decision_url(pending, "dry_run"), follow=True)
    assert messages_of(response) == ["You do not have permission to run this job."]
    assert login(client, UserFactory()).post(decision_url(pending, "dry_run")).status_code == 403

    Job.objects.filter(pk=pending.job_model_id).update(enabled=False)
    response = login(client, approver).post(decision_url(pending, "dry_run"), follow=True)
    assert messages_of(response) == ["This job cannot be dry-run at this time."]
    assert not JobResult.objects.exists()
