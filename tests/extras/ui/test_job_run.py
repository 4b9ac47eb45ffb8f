"""The job page's run form: generated widgets, execution options, and how submissions are answered."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from dcim.models import Manufacturer
from extras.choices import JobResultStatusChoices as Status
from extras.engine.job_records import sync_job_records
from extras.models import Job, JobLogEntry, JobResult
from tests.extras.ui.conftest import make_result
from tests.factories.dcim import ManufacturerFactory
from tests.factories.users import UserFactory, grant
from tests.runs import wait_terminal
from tests.web_server import csrf_token, log_in, web_server

pytestmark = pytest.mark.django_db


def page(client, job, query=None):
    response = client.get(job.get_absolute_url(), query or {})
    assert response.status_code == 200
    return response.content.decode()


def field_names(response) -> list[str]:
    return list(response.context["job_form"].fields)


# --- The form -----------------------------------------------------------------------------------------


def test_each_variable_type_gets_its_widget_label_help_text_default_and_required_mark(
    admin_client, fixture_jobs
):
    html = page(admin_client, fixture_jobs["EveryVariableJob"])
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    assert '<label class="form-label required" for="id_string_var">String var</label>' in html
    assert 'id="id_string_var_helptext" class="form-text">A slug-like name<' in html
    assert re.search(r'<textarea name="text_var"[^>]*id="id_text_var"', html)
    assert '<label class="form-label" for="id_text_var">Notes</label>' in html  # optional: no mark
    assert re.search(r'<input type="number" name="integer_var" value="3"[^>]*min="0"[^>]*max="10"', html)
    assert re.search(r'<input type="checkbox" name="boolean_var"', html)
    assert re.search(r'<select name="choice_var"[^>]*>\s*<option value="n">North</option>', html)
    assert re.search(r'<select name="multichoice_var"[^>]*multiple>', html)
    assert re.search(
        r'<select name="object_var" data-url="/api/dcim/manufacturers/"[^>]*data-display-field="name"', html
    )
    assert 'data-query-params="{&quot;manufacturer_id&quot;: &quot;$object_var&quot;}"' in html
    assert re.search(r'<input type="file" name="file_var"', html)
    assert 'placeholder="192.0.2.0/24"' in html
    assert "object-selector.js" in html


def test_fields_follow_field_order(admin_client, fixture_jobs):
    response = admin_client.get(fixture_jobs["FullMetaJob"].get_absolute_url())
    assert field_names(response) == ["second", "first"]


def test_commit_checkbox_follows_commit_default_and_is_absent_for_read_only_jobs(admin_client, fixture_jobs):
    assert re.search(r'name="_commit"[^>]*checked', page(admin_client, fixture_jobs["PassingJob"]))
    unchecked = page(admin_client, fixture_jobs["FullMetaJob"])  # commit_default = False
    assert 'name="_commit"' in unchecked and not re.search(r'name="_commit"[^>]*checked', unchecked)
    read_only = page(admin_client, fixture_jobs["ReadOnlyJob"])
    assert 'name="_commit"' not in read_only
    assert "This job is read-only" in read_only
    assert "This job does not require any input to run." in read_only


def test_the_queue_is_chosen_only_when_the_job_allows_several(admin_client, fixture_jobs, worker_heartbeat):
    html = page(admin_client, fixture_jobs["FullMetaJob"])  # task_queues = ["default", "priority"]
    assert '<option value="default" selected>default (1 worker)</option>' in html
    assert '<option value="priority">priority (0 workers)</option>' in html
    assert 'name="_task_queue"' not in page(admin_client, fixture_jobs["PassingJob"])


def test_the_shipped_showcase_form_offers_a_null_choice_and_a_dependent_selector(admin_client, settings):
    settings.JOBS_ROOT = settings.BASE_DIR / "jobs"
    sync_job_records(enable_new=True)
    job = Job.objects.get(class_path="local/showcase/VariablesShowcase")
    ManufacturerFactory(name="Acme")
    html = page(admin_client, job)
    assert re.search(r'<select name="manufacturer"[^>]*data-null-option="Any"', html)
    assert '<option value="null">Any</option>' in html
    assert re.search(
        r'<select name="device_type"[^>]*data-query-params="{&quot;manufacturer_id&quot;: &quot;\$manufacturer&quot;}"',
        html,
    )


def test_inputs_are_prefilled_from_the_query_string_and_from_an_earlier_run(admin_client, fixture_jobs):
    job = fixture_jobs["EveryVariableJob"]
    response = admin_client.get(
        job.get_absolute_url(), {"string_var": "from-query", "multichoice_var": ["e", "w"]}
    )
    assert response.context["job_form"].initial["string_var"] == "from-query"
    assert response.context["job_form"].initial["multichoice_var"] == ["e", "w"]
    earlier = make_result(job, job_kwargs={"data": {"string_var": "from-run", "integer_var": 7}})
    html = page(admin_client, job, {"kwargs_from_job_result": str(earlier.pk)})
    assert 'value="from-run"' in html and 'value="7"' in html
    assert page(admin_client, job, {"kwargs_from_job_result": "not-a-uuid"})  # ignored, no error


def test_a_disabled_job_shows_why_and_its_form_cannot_be_used(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    Job.objects.filter(pk=job.pk).update(enabled=False)
    html = page(admin_client, job)
    assert "This job is not enabled." in html
    assert re.search(r'<fieldset class="card-body" disabled>', html)
    response = admin_client.post(job.get_absolute_url(), {})
    assert response.status_code == 200
    assert "This job is not enabled to be run." in response.content.decode()
    assert not JobResult.objects.exists()


def test_running_needs_the_run_permission(client, fixture_jobs):
    user = UserFactory()
    grant(user, Job, ["view"])
    client.force_login(user)
    job = fixture_jobs["PassingJob"]
    assert "You do not have permission to run this job." in page(client, job)
    assert client.post(job.get_absolute_url(), {}).status_code == 403
    assert not JobResult.objects.exists()


def test_a_job_the_user_may_not_view_is_not_found(client, fixture_jobs):
    user = UserFactory()
    grant(user, Job, ["view"], constraints={"job_class_name": "SlowJob"})
    client.force_login(user)
    assert client.get(fixture_jobs["PassingJob"].get_absolute_url()).status_code == 404


# --- Submissions --------------------------------------------------------------------------------------


def test_invalid_input_re_renders_the_form_with_field_errors_and_the_typed_values(admin_client, fixture_jobs):
    job = fixture_jobs["EveryVariableJob"]
    response = admin_client.post(
        job.get_absolute_url(),
        {"string_var": "Not A Slug!", "integer_var": "12", "ipaddress_var": "10.0.0.1/8", "choice_var": "x"},
    )
    assert response.status_code == 200
    errors = response.context["job_form"].errors
    assert errors["string_var"] == ["Invalid value: it does not have the format this field expects."]
    assert errors["integer_var"] == ["Ensure this value is less than or equal to 10."]
    assert errors["ipaddress_var"] == [
        "IP address must not have a mask other than /32: enter 10.0.0.1 instead of 10.0.0.1/8."
    ]
    assert "choice_var" in errors and errors["object_var"] == ["This field is required."]
    html = response.content.decode()
    assert 'value="Not A Slug!"' in html and 'value="12"' in html
    assert 'aria-invalid="true"' in html and 'id="id_string_var_errors"' in html
    assert not JobResult.objects.exists()


def test_no_worker_on_the_queue_is_an_error_on_the_form_that_keeps_the_input(admin_client, fixture_jobs):
    job = fixture_jobs["FullMetaJob"]  # two queues; approval is switched off so the run is asked for now
    Job.objects.filter(pk=job.pk).update(approval_required=False, approval_required_override=True)
    response = admin_client.post(
        job.get_absolute_url(), {"first": "typed", "second": "5", "_task_queue": "priority"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "No celery workers running on queue priority." in html
    assert response.context["execution_form"].errors["_task_queue"]
    assert 'value="typed"' in html and not response.context["job_form"].errors
    assert not JobResult.objects.exists()


def test_a_job_that_requires_approval_is_sent_for_approval_instead_of_run(
    admin_client, superuser, fixture_jobs
):
    from extras.models import ScheduledJob

    job = fixture_jobs["FullMetaJob"]  # approval_required
    assert "Request to Run Job Now" in page(admin_client, job)
    response = admin_client.post(
        job.get_absolute_url(), {"first": "a", "second": "2", "_task_queue": "default"}, follow=True
    )
    assert response.redirect_chain == [(reverse("extras:scheduledjob_approval_queue"), 302)]
    assert "requires approval: your request to run it now waits for another user" in response.content.decode()
    schedule = ScheduledJob.objects.get(job_model=job)
    assert schedule.user == superuser and schedule.approval_required and schedule.approved_at is None
    assert not JobResult.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_a_valid_submission_redirects_to_its_result_and_honours_the_commit_box(
    admin_client, superuser, celery_worker, fixture_jobs
):
    job = fixture_jobs["CreateManufacturerJob"]
    response = admin_client.post(job.get_absolute_url(), {"manufacturer_name": "Dry Inc", "model_name": ""})
    result = JobResult.objects.get()
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()
    assert result.user == superuser and result.commit is False
    assert result.job_kwargs == {
        "data": {"manufacturer_name": "Dry Inc", "model_name": ""},
        "commit": False,
        "task_queue": "default",
    }
    assert wait_terminal(result).status == Status.STATUS_COMPLETED
    assert not Manufacturer.objects.filter(name="Dry Inc").exists()

    admin_client.post(
        job.get_absolute_url(), {"manufacturer_name": "Real Inc", "model_name": "", "_commit": "on"}
    )
    committed = wait_terminal(JobResult.objects.get(commit=True))
    assert committed.status == Status.STATUS_COMPLETED
    assert Manufacturer.objects.filter(name="Real Inc").exists()
    assert committed.request_context["source"] == "web"


@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_a_broker_that_refuses_the_run_is_an_error_on_the_form_and_leaves_no_result(
    superuser, celery_worker, fixture_jobs, tmp_path
):
    """A real web server whose broker is a closed port: the form answers at once, keeps the input."""
    job = fixture_jobs["CreateManufacturerJob"]
    with web_server(tmp_path, {"CELERY_BROKER_URL": "redis://127.0.0.1:9/0"}) as base_url:
        session = log_in(base_url, superuser.username)
        url = f"{base_url}{job.get_absolute_url()}"
        form = session.get(url, timeout=30).text
        response = session.post(
            url,
            {"manufacturer_name": "Typed Inc", "model_name": "M1", "csrfmiddlewaretoken": csrf_token(form)},
            headers={"Referer": url},
            timeout=30,
        )
    assert response.status_code == 200
    page = html.unescape(response.text)
    assert "the task broker is unreachable (redis://…)" in page and "Connection refused" in page
    assert 'value="Typed Inc"' in page and 'value="M1"' in page
    assert not JobResult.objects.exists() and not JobLogEntry.objects.exists()


def test_object_selectors_render_only_objects_the_user_may_view(client, fixture_jobs):
    ManufacturerFactory(name="Visible Co")
    ManufacturerFactory(name="Secret Co")
    user = UserFactory()
    grant(user, Job, ["view", "run"])
    grant(user, Manufacturer, ["view"], constraints={"name": "Visible Co"})
    client.force_login(user)
    html = page(client, fixture_jobs["EveryVariableJob"])
    assert "Visible Co" in html and "Secret Co" not in html


def test_multi_select_fields_say_how_to_pick_several(admin_client, fixture_jobs):
    html = admin_client.get(fixture_jobs["EveryVariableJob"].get_absolute_url()).content.decode()
    for name in ("multichoice_var", "multiobject_var"):
        help_text = re.search(rf'<div id="id_{name}_helptext" class="form-text">([^<]*)</div>', html).group(1)
        assert help_text.endswith(
            "Hold Ctrl (⌘ on a Mac) and click to pick several; Shift-click picks a range."
        )
    assert html.count("Hold Ctrl") == 2  # not on single-choice fields


def test_the_shipped_nautobot_2_form_narrows_devices_to_the_location_and_statuses_to_devices(
    admin_client, settings
):
    settings.JOBS_ROOT = settings.BASE_DIR / "jobs"
    sync_job_records(enable_new=True)
    job = Job.objects.get(class_path="local/network_lifecycle.status/ChangeDeviceStatus")
    html = page(admin_client, job)
    assert re.search(
        r'<select name="devices"[^>]*data-query-params="{&quot;location&quot;: &quot;\$location&quot;}"', html
    )
    assert re.search(
        r'<select name="status"[^>]*data-query-params="{&quot;content_types&quot;: &quot;dcim.device&quot;}"',
        html,
    )
    assert 'name="_commit"' not in html and 'name="dryrun"' in html  # a 2.x job: its DryRunVar, no commit box
