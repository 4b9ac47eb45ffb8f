"""Issue 20, defect 2: a job hook or job button runs its job, so creating or editing one needs run permission on
that job — in the API (403 naming `job`; a job the user may not even view is a 400 "does not exist") and in
the UI forms (a form error on `job`) — and a job the user may run is accepted."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from dcim.models import Device, Manufacturer
from extras.models import Job, JobButton, JobHook
from tests.api_base import assert_status, client_for
from tests.api_errors import assert_error_shape
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

HOOKS = "/api/extras/job-hooks/"
BUTTONS = "/api/extras/job-buttons/"


def hook_payload(job: Job, **fields) -> dict:
    return {
        "name": "Audit",
        "content_types": ["dcim.manufacturer"],
        "job": str(job.pk),
        "type_update": True,
    } | (fields)


def button_payload(job: Job, **fields) -> dict:
    return {"name": "Note", "content_types": ["dcim.device"], "text": "Go", "job": str(job.pk)} | fields


@pytest.fixture
def author(fixture_jobs):
    """May add, change and view hooks and buttons, view every job, and run one job only (PassingJob)."""
    user = UserFactory()
    grant(user, JobHook, ["view", "add", "change"])
    grant(user, JobButton, ["view", "add", "change"])
    grant(user, Job, ["view"])
    grant(user, Job, ["run"], {"pk": str(fixture_jobs["PassingJob"].pk)})
    return user


# --- API ---------------------------------------------------------------------------------------------------
def test_a_hook_for_a_job_the_user_may_not_run_is_403_naming_the_job(fixture_jobs, author):
    job = fixture_jobs["DescribeManufacturerHook"]
    body = assert_error_shape(client_for(author).post(HOOKS, hook_payload(job), format="json"), 403, ["job"])
    assert f'may not run the job "{job}"' in body["errors"]["job"][0]
    assert not JobHook.objects.exists()


def test_a_hook_for_a_job_the_user_may_run_is_created(fixture_jobs, author):
    job = fixture_jobs["DescribeManufacturerHook"]
    grant(author, Job, ["run"], {"pk": str(job.pk)})
    assert_status(client_for(author).post(HOOKS, hook_payload(job), format="json"), 201)


def test_a_hook_for_a_job_the_user_may_not_view_is_400_does_not_exist(fixture_jobs):
    user = UserFactory()
    grant(user, JobHook, ["view", "add"])
    job = fixture_jobs["DescribeManufacturerHook"]
    body = assert_error_shape(client_for(user).post(HOOKS, hook_payload(job), format="json"), 400, ["job"])
    assert "does not exist" in body["errors"]["job"][0]


def test_editing_a_hook_whose_job_the_user_may_not_run_is_403(fixture_jobs, author):
    job = fixture_jobs["DescribeManufacturerHook"]
    hook = JobHook.objects.create(name="Admin's", job=job, type_create=True)
    hook.content_types.set([ContentType.objects.get_for_model(Manufacturer)])
    response = client_for(author).patch(f"{HOOKS}{hook.pk}/", {"enabled": False}, format="json")
    assert_error_shape(response, 403, ["job"])
    hook.refresh_from_db()
    assert hook.enabled


def test_a_button_for_a_job_the_user_may_not_run_is_403_and_one_they_may_is_created(fixture_jobs, author):
    job = fixture_jobs["NoteDeviceButton"]
    client = client_for(author)
    body = assert_error_shape(client.post(BUTTONS, button_payload(job), format="json"), 403, ["job"])
    assert f'may not run the job "{job}"' in body["errors"]["job"][0]
    grant(author, Job, ["run"], {"pk": str(job.pk)})
    assert_status(client.post(BUTTONS, button_payload(job), format="json"), 201)


def test_moving_a_button_to_a_job_the_user_may_not_run_is_403(fixture_jobs, author):
    runnable = fixture_jobs["NoteDeviceButton"]
    grant(author, Job, ["run"], {"pk": str(runnable.pk)})
    button = JobButton.objects.create(name="B", text="Go", job=runnable)
    button.content_types.set([ContentType.objects.get_for_model(Device)])
    other = fixture_jobs["TouchDeviceJob"]
    response = client_for(author).patch(f"{BUTTONS}{button.pk}/", {"job": str(other.pk)}, format="json")
    assert_error_shape(response, 403, ["job"])
    button.refresh_from_db()
    assert button.job == runnable


# --- UI forms ----------------------------------------------------------------------------------------------
def hook_form(job: Job) -> dict:
    manufacturer_type = ContentType.objects.get_for_model(Manufacturer)
    return {"name": "Audit", "content_types": [manufacturer_type.pk], "job": job.pk, "type_update": "on"}


def button_form(job: Job) -> dict:
    device_type = ContentType.objects.get_for_model(Device)
    return {
        "name": "Note",
        "content_types": [device_type.pk],
        "text": "Go",
        "job": job.pk,
        "weight": 100,
        "button_class": "default",
    }


@pytest.mark.parametrize(
    ("model", "job_name", "url_name", "form"),
    [
        (JobHook, "DescribeManufacturerHook", "extras:jobhook_add", hook_form),
        (JobButton, "NoteDeviceButton", "extras:jobbutton_add", button_form),
    ],
)
def test_the_add_form_refuses_a_job_the_user_may_not_run(
    client, fixture_jobs, author, model, job_name, url_name, form
):
    job = fixture_jobs[job_name]
    client.force_login(author)
    response = client.post(reverse(url_name), form(job))
    assert response.status_code == 200 and "may not run the job" in response.content.decode()
    assert not model.objects.exists()
    grant(author, Job, ["run"], {"pk": str(job.pk)})
    assert client.post(reverse(url_name), form(job)).status_code == 302
    assert model.objects.get().job == job


def test_editing_a_hook_whose_job_the_user_may_not_run_is_refused_in_the_form(client, fixture_jobs, author):
    hook = JobHook.objects.create(
        name="Admin's", job=fixture_jobs["DescribeManufacturerHook"], type_update=True
    )
    hook.content_types.set([ContentType.objects.get_for_model(Manufacturer)])
    client.force_login(author)
    form = {**hook_form(hook.job), "name": "Renamed"}
    response = client.post(reverse("extras:jobhook_edit", kwargs={"pk": hook.pk}), form)
    assert response.status_code == 200 and "may not run the job" in response.content.decode()
    hook.refresh_from_db()
    assert hook.name == "Admin's"
