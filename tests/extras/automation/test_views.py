"""Pages of job buttons, hooks and queues: buttons on object pages (who sees them, what a press does without
the permission, the confirmation page), the list/edit pages' permissions, the Job runs tab, and query counts."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from dcim.models import Device, Manufacturer
from extras.models import Job, JobButton, JobHook, JobQueue, JobResult
from extras.queues.assignment import ensure_queues, set_job_queues
from tests.factories.dcim import DeviceFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db


def make_button(job, name="Note", **fields) -> JobButton:
    button = JobButton.objects.create(
        name=name, text=fields.pop("text", "Note {{ obj.name }}"), job=job, **fields
    )
    button.content_types.set([ContentType.objects.get_for_model(Device)])
    return button


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def device(db):
    return DeviceFactory(name="core-1")


@pytest.fixture
def viewer(db, device):
    user = UserFactory()
    grant(user, Device, ["view"])
    return user


def press_url(button) -> str:
    return reverse("extras:jobbutton_run", kwargs={"pk": button.pk})


# --- Buttons on an object's page ----------------------------------------------------------------------------
def test_buttons_show_only_to_users_who_may_run_their_job(client, fixture_jobs, device, viewer):
    job = fixture_jobs["NoteDeviceButton"]
    make_button(job)
    login(client, viewer)
    assert "Note core-1" not in client.get(device.get_absolute_url()).content.decode()
    grant(viewer, Job, ["run"], {"pk": str(job.pk)})
    html = client.get(device.get_absolute_url()).content.decode()
    assert 'data-job-button="Note"' in html and "Note core-1" in html


def test_a_user_who_may_not_run_the_job_cannot_press_the_button(client, fixture_jobs, device, viewer):
    button = make_button(fixture_jobs["NoteDeviceButton"])
    response = login(client, viewer).post(
        press_url(button), {"object_type": "dcim.device", "object_id": device.pk}
    )
    assert response.status_code == 403
    assert not JobResult.objects.exists()


def test_a_user_who_may_not_view_the_object_gets_404(client, fixture_jobs, device):
    button = make_button(fixture_jobs["NoteDeviceButton"])
    user = UserFactory()
    grant(user, Job, ["run"])
    response = login(client, user).post(
        press_url(button), {"object_type": "dcim.device", "object_id": device.pk}
    )
    assert response.status_code == 404


def test_disabled_buttons_empty_texts_and_other_types_are_not_shown(admin_client, fixture_jobs, device):
    job = fixture_jobs["NoteDeviceButton"]
    make_button(job, name="Off", enabled=False)
    make_button(job, name="Empty", text="{% if obj.serial %}Serial{% endif %}")
    other = JobButton.objects.create(name="Elsewhere", text="Elsewhere", job=job)
    other.content_types.set([ContentType.objects.get_for_model(JobQueue)])
    html = admin_client.get(device.get_absolute_url()).content.decode()
    assert 'data-job-button="Off"' not in html
    assert 'data-job-button="Empty"' not in html
    assert 'data-job-button="Elsewhere"' not in html


def test_grouped_buttons_are_one_dropdown(admin_client, fixture_jobs, device):
    job = fixture_jobs["NoteDeviceButton"]
    make_button(job, name="A", group_name="Tools", text="First")
    make_button(job, name="B", group_name="Tools", text="Second")
    html = admin_client.get(device.get_absolute_url()).content.decode()
    assert html.count('class="btn-group"') == 1 and ">Tools</button>" in html
    assert 'class="dropdown-item"' in html and html.index("First") < html.index("Second")


def test_the_confirmation_page_asks_before_running(admin_client, fixture_jobs, device):
    button = make_button(fixture_jobs["NoteDeviceButton"], confirmation=True)
    response = admin_client.get(press_url(button), {"object_type": "dcim.device", "object_id": device.pk})
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "Run the job <strong>Button: note the device</strong> on core-1?" in html
    )
    assert not JobResult.objects.exists()


def test_a_device_page_costs_the_same_queries_whatever_the_number_of_buttons(
    admin_client, fixture_jobs, device, django_assert_max_num_queries
):
    job = fixture_jobs["NoteDeviceButton"]
    make_button(job, name="first")
    with django_assert_max_num_queries(40) as few:
        admin_client.get(device.get_absolute_url())
    for number in range(15):
        make_button(
            job if number % 2 else fixture_jobs["TouchDeviceJob"],
            name=f"b{number}",
            group_name=f"g{number % 3}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = admin_client.get(device.get_absolute_url()).content.decode()
    assert html.count("data-job-button=") == 16


# --- List and edit pages -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name", ["jobbutton_list", "jobhook_list", "jobqueue_list", "jobbutton_add", "jobhook_add"]
)
def test_the_pages_need_their_permissions(client, fixture_jobs, name):
    user = UserFactory()
    assert login(client, user).get(reverse(f"extras:{name}")).status_code == 403


def test_a_button_is_added_through_its_form_and_a_wrong_job_is_refused(client, fixture_jobs):
    user = UserFactory()
    grant(user, JobButton, ["view", "add"])
    grant(user, Job, ["view", "run"])  # a button's author must be allowed to run its job (issue 20, defect 2)
    login(client, user)
    device_type = ContentType.objects.get_for_model(Device)
    form = {
        "name": "N",
        "content_types": [device_type.pk],
        "text": "N",
        "weight": 100,
        "button_class": "default",
    }
    response = client.post(reverse("extras:jobbutton_add"), {**form, "job": fixture_jobs["PassingJob"].pk})
    assert response.status_code == 200 and "is not a job button receiver" in response.content.decode()
    response = client.post(
        reverse("extras:jobbutton_add"), {**form, "job": fixture_jobs["NoteDeviceButton"].pk}
    )
    assert response.status_code == 302 and JobButton.objects.get().name == "N"


def test_the_hook_form_offers_only_hook_receivers(admin_client, fixture_jobs):
    html = admin_client.get(reverse("extras:jobhook_add")).content.decode()
    assert "Hook: describe the manufacturer" in html and "Passing job" not in html


def test_a_hook_page_lists_the_runs_it_started(admin_client, fixture_jobs):
    hook = JobHook.objects.create(name="H", job=fixture_jobs["DescribeManufacturerHook"], type_create=True)
    html = admin_client.get(hook.get_absolute_url()).content.decode()
    assert "Runs it started" in html


def test_the_queue_list_and_page_show_live_workers(admin_client, fixture_jobs, worker_heartbeat):
    html = admin_client.get(reverse("extras:jobqueue_list")).content.decode()
    assert "Live workers" in html
    default = JobQueue.objects.get(name="default")
    html = admin_client.get(default.get_absolute_url()).content.decode()
    assert "<strong>1</strong> live worker listens on this queue" in html
    assert "celery -A jobsplatform worker -Q default" in html


def test_the_run_form_shows_each_queue_with_its_workers(admin_client, fixture_jobs, worker_heartbeat):
    job = fixture_jobs["FullMetaJob"]  # Meta.task_queues = ["default", "priority"]
    html = admin_client.get(job.get_absolute_url()).content.decode()
    assert '<option value="default" selected>default (1 worker)</option>' in html
    assert '<option value="priority">priority (0 workers)</option>' in html
    single = admin_client.get(fixture_jobs["PassingJob"].get_absolute_url()).content.decode()
    assert '<td id="job-queues" class="text-break">default (1 worker)</td>' in single
    assert 'name="_task_queue"' not in single


# --- The Job runs tab -----------------------------------------------------------------------------------------
def test_the_job_runs_tab_lists_the_runs_that_touched_the_object_and_only_those(client, fixture_jobs, device):
    from extras.engine.services import Origin, record_refused_run

    job = fixture_jobs["NoteDeviceButton"]
    mine = record_refused_run(job, user=None, message="x", origin=Origin(subject=device))
    other = record_refused_run(job, user=None, message="y", origin=Origin(subject=DeviceFactory()))
    user = UserFactory()
    grant(user, Device, ["view"])
    login(client, user)
    url = reverse("dcim:device_job-runs", kwargs={"pk": device.pk})
    assert mine.get_absolute_url() not in client.get(url).content.decode()  # may not view the job's results
    grant(user, JobResult, ["view"])
    grant(user, Job, ["view"])
    html = client.get(url).content.decode()
    assert mine.get_absolute_url() in html and other.get_absolute_url() not in html
    assert "Job runs" in client.get(device.get_absolute_url()).content.decode()


# --- Running a job on the rows selected in a list ---------------------------------------------------------
def test_a_list_page_offers_the_jobs_that_take_a_selection_and_opens_the_form_prefilled(
    admin_client, fixture_jobs, device
):
    other = DeviceFactory(name="core-2")
    html = admin_client.get(reverse("dcim:device_list")).content.decode()
    assert "Run a job on the selected devices" in html and "Check devices" in html
    assert f'name="pk" value="{device.pk}" form="list-selection"' in html
    job = fixture_jobs["CheckDevicesJob"]
    query = {"job": str(job.pk), "object_type": "dcim.device", "pk": [str(device.pk), str(other.pk)]}
    response = admin_client.get(reverse("extras:run_on_selection"), query)
    assert response.status_code == 302
    assert response["Location"] == f"{job.get_absolute_url()}?devices={device.pk}&devices={other.pk}"
    form = admin_client.get(response["Location"]).content.decode()
    assert (
        f'<option value="{device.pk}" selected>' in form and f'<option value="{other.pk}" selected>' in form
    )


def test_lists_without_such_jobs_and_users_who_may_not_run_them_get_no_selection(
    client, fixture_jobs, viewer
):
    login(client, viewer)
    html = client.get(reverse("dcim:device_list")).content.decode()
    assert "list-selection" not in html
    query = {"job": str(fixture_jobs["CheckDevicesJob"].pk), "object_type": "dcim.device", "pk": ["x"]}
    assert client.get(reverse("extras:run_on_selection"), query).status_code == 404
    grant(viewer, Job, ["run"])
    grant(viewer, Manufacturer, ["view"])
    assert "list-selection" not in client.get(reverse("dcim:manufacturer_list")).content.decode()
    assert "list-selection" in client.get(reverse("dcim:device_list")).content.decode()


def test_a_list_page_with_selection_costs_the_same_queries_for_more_rows(
    admin_client, fixture_jobs, device, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        admin_client.get(reverse("dcim:device_list"))
    DeviceFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = admin_client.get(reverse("dcim:device_list")).content.decode()
    assert html.count('form="list-selection" aria-label="Select') == 21  # each row's checkbox, in that form


@pytest.mark.parametrize(
    "target",
    [
        "extras:jobbutton_list",
        "extras:jobhook_list",
        "extras:jobqueue_list",
        "/api/extras/job-buttons/",
        "/api/extras/job-hooks/",
        "/api/extras/job-queues/",
        "/api/extras/job-queue-assignments/",
    ],
)
def test_the_lists_cost_the_same_queries_for_more_rows(
    admin_client, fixture_jobs, target, django_assert_max_num_queries
):
    url = target if target.startswith("/") else reverse(target)

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            make_button(fixture_jobs["NoteDeviceButton"], name=f"b{number}", group_name="g")
            hook = JobHook.objects.create(
                name=f"h{number}", job=fixture_jobs["DescribeManufacturerHook"], type_create=True
            )
            hook.content_types.set([ContentType.objects.get_for_model(Device)])
            set_job_queues(
                fixture_jobs["PassingJob"],
                [*ensure_queues([f"q{number}"]), *fixture_jobs["PassingJob"].job_queues.all()],
            )

    add(1, 0)
    with django_assert_max_num_queries(40) as few:
        assert admin_client.get(url).status_code == 200
    add(12, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_client.get(url).status_code == 200
