"""Job buttons and job hooks with a real worker: the run a button starts, and the runs hooks start for
committed changes (once each, never for a dry run, never in a loop, never silently dropped)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from dcim.models import Device, Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.hooks.firing import NO_LOOPS
from extras.models import Job, JobButton, JobHook, JobLogEntry, JobResult, ObjectChange
from tests.api_base import assert_status, client_for
from tests.factories.dcim import DeviceFactory
from tests.factories.users import SuperuserFactory, UserFactory, grant
from tests.runs import messages, route, submit, wait_for, wait_terminal

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


def content_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def make_button(job, **fields) -> JobButton:
    button = JobButton.objects.create(
        name=fields.pop("name", f"Run {job.name}"), text="Go {{ obj.name }}", job=job, **fields
    )
    button.content_types.set([content_type(Device)])
    return button


def make_hook(job, **fields) -> JobHook:
    hook = JobHook.objects.create(name=fields.pop("name", "Describe"), job=job, **fields)
    hook.content_types.set([content_type(Manufacturer)])
    return hook


def hook_runs(hook: JobHook):
    return list(JobResult.objects.filter(job_hook=hook).order_by("created"))


@pytest.fixture
def admin(db):
    return SuperuserFactory()


@pytest.fixture
def web(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def press(web: Client, button: JobButton, obj) -> str:
    response = web.post(
        reverse("extras:jobbutton_run", kwargs={"pk": button.pk}),
        {"object_type": "dcim.device", "object_id": str(obj.pk)},
    )
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


# --- Job buttons ---------------------------------------------------------------------------------------
def test_a_button_receiver_runs_for_the_device_and_its_result_links_back(celery_worker, fixture_jobs, web):
    device = DeviceFactory(name="edge-1")
    button = make_button(fixture_jobs["NoteDeviceButton"])
    location = press(web, button, device)
    result = JobResult.objects.get(job_button=button)
    assert location == result.get_absolute_url()
    ended = wait_terminal(result)
    assert ended.status == Status.STATUS_COMPLETED, messages(ended)
    assert ended.subject == device and ended.job_button == button
    assert "Button pressed on device edge-1" in messages(ended)
    first = JobLogEntry.objects.filter(job_result_id=ended.pk).order_by("sequence").first()
    assert first.message.startswith(f'Started with the job button "{button}"')
    assert first.absolute_url == device.get_absolute_url()
    page = web.get(result.get_absolute_url())
    assert device.get_absolute_url() in page.content.decode()
    tab = web.get(reverse("dcim:device_job-runs", kwargs={"pk": device.pk}))
    assert tab.status_code == 200
    assert result.get_absolute_url() in tab.content.decode()


def test_an_ordinary_job_with_one_device_variable_runs_at_once_and_one_with_more_opens_its_form(
    celery_worker, fixture_jobs, web
):
    device = DeviceFactory(name="edge-2")
    touch = make_button(fixture_jobs["TouchDeviceJob"], name="Touch")
    ended = wait_terminal(JobResult.objects.get(pk=press(web, touch, device).rstrip("/").split("/")[-1]))
    assert ended.status == Status.STATUS_COMPLETED and "Touched edge-2" in messages(ended)
    comment = make_button(fixture_jobs["CommentDeviceJob"], name="Comment")
    location = press(web, comment, device)
    assert location.startswith(fixture_jobs["CommentDeviceJob"].get_absolute_url())
    assert f"device={device.pk}" in location
    assert not JobResult.objects.filter(job_model=fixture_jobs["CommentDeviceJob"]).exists()


# --- Job hooks -----------------------------------------------------------------------------------------
def test_a_hook_runs_once_per_committed_change_with_the_change_and_never_loops(
    celery_worker, fixture_jobs, admin
):
    hook = make_hook(fixture_jobs["DescribeManufacturerHook"], type_create=True, type_update=True)
    api = client_for(admin)
    response = api.post("/api/dcim/manufacturers/", {"name": "Hooked", "slug": "hooked"}, format="json")
    assert_status(response, 201)
    manufacturer = Manufacturer.objects.get(name="Hooked")
    change = ObjectChange.objects.get(changed_object_id=manufacturer.pk, action="create")
    (run,) = wait_for(lambda: hook_runs(hook), 30, message="the hook's run")
    ended = wait_terminal(run)
    assert ended.status == Status.STATUS_COMPLETED, messages(ended)
    assert ended.object_change == change and ended.subject == manufacturer and ended.user == admin
    lines = messages(ended)
    assert f"change={change.pk} action=create object=Hooked type=Manufacturer" in lines
    assert NO_LOOPS in lines
    # The hook's own update of the manufacturer was committed and logged, but started no run.
    manufacturer.refresh_from_db()
    assert manufacturer.description == f"seen by hook at change {change.pk}"
    own = ObjectChange.objects.get(changed_object_id=manufacturer.pk, action="update")
    assert own.change_context == "job-hook" and own.job_result_id == ended.pk
    assert len(hook_runs(hook)) == 1
    # An update by a user is a new change: one more run, with action=update.
    assert_status(api.patch(f"/api/dcim/manufacturers/{manufacturer.pk}/", {"slug": "hooked-2"}), 200)
    wait_for(lambda: len(hook_runs(hook)) == 2, 30, message="the second run")
    second = wait_terminal(hook_runs(hook)[1])
    assert any("action=update" in line for line in messages(second))
    assert len(hook_runs(hook)) == 2


def test_a_dry_run_fires_no_hook_and_a_committed_run_does(celery_worker, fixture_jobs, admin):
    hook = make_hook(fixture_jobs["DescribeManufacturerHook"], type_create=True)
    writer = fixture_jobs["CreateManufacturerJob"]
    dry = wait_terminal(
        submit(writer, {"manufacturer_name": "Dry Maker", "model_name": ""}, commit=False, user=admin)
    )
    assert dry.status == Status.STATUS_COMPLETED
    real = wait_terminal(
        submit(writer, {"manufacturer_name": "Real Maker", "model_name": ""}, commit=True, user=admin)
    )
    assert real.status == Status.STATUS_COMPLETED
    (run,) = wait_for(lambda: hook_runs(hook), 30, message="the hook's run")
    assert wait_terminal(run).subject == Manufacturer.objects.get(name="Real Maker")
    assert len(hook_runs(hook)) == 1


def test_a_hook_whose_job_is_disabled_leaves_a_refused_run(fixture_jobs, admin):
    job = fixture_jobs["DescribeManufacturerHook"]
    hook = make_hook(job, type_create=True)
    type(job).objects.filter(pk=job.pk).update(enabled=False)
    assert_status(client_for(admin).post("/api/dcim/manufacturers/", {"name": "Off", "slug": "off"}), 201)
    (run,) = hook_runs(hook)
    assert run.status == Status.STATUS_ERRORED
    assert run.object_change.object_repr == "Off"
    assert any("could not start the job" in line and "not enabled" in line for line in messages(run))


def test_a_hook_whose_queue_has_no_worker_leaves_a_refused_run(fixture_jobs, admin):
    job = route(fixture_jobs["DescribeManufacturerHook"], "nobody-listens")
    hook = make_hook(job, type_create=True)
    assert_status(
        client_for(admin).post("/api/dcim/manufacturers/", {"name": "Lonely", "slug": "lonely"}), 201
    )
    (run,) = hook_runs(hook)
    assert run.status == Status.STATUS_ERRORED and run.task_queue == "nobody-listens"
    assert any("nobody-listens" in line for line in messages(run)), messages(run)


def test_a_hook_for_named_fields_fires_only_when_one_of_them_changed(celery_worker, fixture_jobs, admin):
    hook = make_hook(fixture_jobs["DescribeManufacturerHook"], type_update=True, fields=["slug"])
    manufacturer = Manufacturer.objects.create(name="Fields", slug="fields")
    api = client_for(admin)
    assert_status(api.patch(f"/api/dcim/manufacturers/{manufacturer.pk}/", {"description": "x"}), 200)
    assert hook_runs(hook) == []
    assert_status(api.patch(f"/api/dcim/manufacturers/{manufacturer.pk}/", {"slug": "fields-2"}), 200)
    (run,) = hook_runs(hook)
    assert wait_terminal(run).status == Status.STATUS_COMPLETED


def test_a_delete_hook_gets_the_change_and_no_object(celery_worker, fixture_jobs, admin):
    hook = make_hook(fixture_jobs["DescribeManufacturerHook"], type_delete=True)
    manufacturer = Manufacturer.objects.create(name="Doomed", slug="doomed")
    assert_status(client_for(admin).delete(f"/api/dcim/manufacturers/{manufacturer.pk}/"), 204)
    change = ObjectChange.objects.get(changed_object_id=manufacturer.pk, action="delete")
    (run,) = hook_runs(hook)
    ended = wait_terminal(run)
    assert ended.status == Status.STATUS_COMPLETED, messages(ended)
    assert f"change={change.pk} action=delete object=None type=NoneType" in messages(ended)
    assert ended.subject_id == manufacturer.pk  # its Job runs tab would list it, were it still there


def test_the_job_runs_tab_lists_a_run_that_changed_the_object_or_logged_about_it(
    celery_worker, fixture_jobs, web
):
    made = wait_terminal(
        submit(
            fixture_jobs["CreateManufacturerJob"],
            {"manufacturer_name": "Tabbed", "model_name": ""},
            commit=True,
        )
    )
    manufacturer = Manufacturer.objects.get(name="Tabbed")
    device = DeviceFactory(name="logged-about")
    touched = wait_terminal(submit(fixture_jobs["TouchDeviceJob"], {"device": str(device.pk)}))  # a dry run
    assert made.status == touched.status == Status.STATUS_COMPLETED
    tab = web.get(reverse("dcim:manufacturer_job-runs", kwargs={"pk": manufacturer.pk})).content.decode()
    assert made.get_absolute_url() in tab and touched.get_absolute_url() not in tab
    tab = web.get(reverse("dcim:device_job-runs", kwargs={"pk": device.pk})).content.decode()
    assert touched.get_absolute_url() in tab and made.get_absolute_url() not in tab


def test_a_hook_runs_for_a_change_by_a_user_who_may_not_read_the_change_log(celery_worker, fixture_jobs):
    hook = make_hook(fixture_jobs["DescribeManufacturerHook"], type_create=True)
    user = UserFactory()
    grant(user, Manufacturer, ["view", "add"])
    grant(user, Job, ["run"], {"pk": str(hook.job_id)})  # a hook's run needs its user's run permission
    assert_status(client_for(user).post("/api/dcim/manufacturers/", {"name": "Plain", "slug": "plain"}), 201)
    (run,) = wait_for(lambda: hook_runs(hook), 30, message="the hook's run")
    ended = wait_terminal(run)
    assert ended.status == Status.STATUS_COMPLETED and ended.user == user, messages(ended)


def test_hook_and_button_runs_of_jobs_with_sensitive_variables_complete(
    celery_worker, fixture_jobs, admin, web
):
    hook_job, button_job = fixture_jobs["DescribeManufacturerHook"], fixture_jobs["NoteDeviceButton"]
    type(hook_job).objects.filter(pk__in=[hook_job.pk, button_job.pk]).update(
        has_sensitive_variables=True, has_sensitive_variables_override=True
    )
    hook = make_hook(hook_job, type_create=True)
    assert_status(
        client_for(admin).post("/api/dcim/manufacturers/", {"name": "Secret", "slug": "secret"}), 201
    )
    (run,) = wait_for(lambda: hook_runs(hook), 30, message="the hook's run")
    assert wait_terminal(run).status == Status.STATUS_COMPLETED, messages(run)
    button_job.refresh_from_db()
    button = make_button(button_job)
    device = DeviceFactory(name="secret-1")
    result = JobResult.objects.get(pk=press(web, button, device).rstrip("/").split("/")[-1])
    assert wait_terminal(result).status == Status.STATUS_COMPLETED, messages(result)


def test_a_hook_whose_job_requires_approval_leaves_a_request_in_the_approval_queue(fixture_jobs, admin):
    from extras.models import ScheduledJob

    job = fixture_jobs["DescribeManufacturerHook"]
    type(job).objects.filter(pk=job.pk).update(approval_required=True, approval_required_override=True)
    hook = make_hook(job, type_create=True)
    assert_status(client_for(admin).post("/api/dcim/manufacturers/", {"name": "Gated", "slug": "gated"}), 201)

    assert hook_runs(hook) == []  # nothing runs before someone approves
    (waiting,) = ScheduledJob.objects.needs_approval().filter(job_model=job)
    assert waiting.user == admin
    change = ObjectChange.objects.get(object_repr="Gated", action="create")
    assert waiting.kwargs["data"]["object_change"] == str(change.pk) and waiting.kwargs["commit"] is True


# --- Whose run a hook's run is (issue 20, defect 2) --------------------------------------------------------
def test_a_change_by_a_user_who_may_not_run_the_hooks_job_ends_errored_and_runs_nothing(
    celery_worker, fixture_jobs, admin
):
    """The low-privilege user of the issue: they may change manufacturers but not run the hook's job, so their
    change starts no run as anyone — an errored run for them names the refusal — while the same hook still runs
    for an admin's change, as the admin, and for theirs once they may run the job."""
    job = fixture_jobs["DescribeManufacturerHook"]
    hook = make_hook(job, type_create=True, type_update=True)
    user = UserFactory()
    grant(user, Manufacturer, ["view", "add", "change"])
    grant(
        user, Job, ["run"], {"pk": str(fixture_jobs["PassingJob"].pk)}
    )  # run permission on another job only
    assert_status(client_for(user).post("/api/dcim/manufacturers/", {"name": "Mine", "slug": "mine"}), 201)
    (refused,) = hook_runs(hook)
    assert refused.status == Status.STATUS_ERRORED and refused.user == user
    assert any(
        f'the user "{user}" who made the change may not run the job "{job}"' in line
        for line in messages(refused)
    ), messages(refused)
    manufacturer = Manufacturer.objects.get(name="Mine")
    assert manufacturer.description == ""  # the job never ran: it would have written this
    assert not ObjectChange.objects.filter(
        changed_object_id=manufacturer.pk, change_context="job-hook"
    ).exists()

    assert_status(
        client_for(admin).patch(f"/api/dcim/manufacturers/{manufacturer.pk}/", {"slug": "mine-2"}), 200
    )
    wait_for(lambda: len(hook_runs(hook)) == 2, 30, message="the admin's run")
    by_admin = wait_terminal(hook_runs(hook)[1])
    assert by_admin.status == Status.STATUS_COMPLETED and by_admin.user == admin, messages(by_admin)

    grant(user, Job, ["run"], {"pk": str(job.pk)})
    assert_status(
        client_for(user).patch(f"/api/dcim/manufacturers/{manufacturer.pk}/", {"slug": "mine-3"}), 200
    )
    wait_for(lambda: len(hook_runs(hook)) == 3, 30, message="the user's run")
    by_user = wait_terminal(hook_runs(hook)[2])
    assert by_user.status == Status.STATUS_COMPLETED and by_user.user == user, messages(by_user)


def test_a_change_made_by_no_user_leaves_an_errored_run_naming_the_refusal(celery_worker, fixture_jobs):
    hook = make_hook(fixture_jobs["DescribeManufacturerHook"], type_create=True)
    made = wait_terminal(
        submit(
            fixture_jobs["CreateManufacturerJob"],
            {"manufacturer_name": "Nobody's", "model_name": ""},
            commit=True,
        )
    )
    assert made.status == Status.STATUS_COMPLETED, messages(made)
    (refused,) = wait_for(lambda: hook_runs(hook), 30, message="the hook's refused run")
    assert refused.status == Status.STATUS_ERRORED and refused.user is None
    assert any("the change was made by no user" in line for line in messages(refused)), messages(refused)
    assert Manufacturer.objects.get(name="Nobody's").description == ""
