"""The job edit page: enable a job, override its metadata, and fall back to the code's values."""

from __future__ import annotations

import pytest
from django.urls import reverse

from extras.models import OVERRIDABLE_FIELDS, Job, JobQueue
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db


def edit_url(job: Job) -> str:
    return reverse("extras:job_edit", kwargs={"pk": job.pk})


def form_data(job: Job, **changes) -> dict:
    """The edit form as the browser submits it for `job` unchanged, then `changes` applied."""
    data = {"enabled": "on"} if job.enabled else {}
    for attribute in OVERRIDABLE_FIELDS:
        value = getattr(job, attribute)
        if isinstance(value, bool):
            if value:
                data[attribute] = "on"
        else:
            data[attribute] = ", ".join(value) if isinstance(value, list) else value
        if getattr(job, f"{attribute}_override"):
            data[f"{attribute}_override"] = "on"
    data["job_queues"] = [str(pk) for pk in job.job_queues.values_list("pk", flat=True)]
    data["default_job_queue"] = str(job.default_job_queue_id or "")
    for attribute in ("job_queues", "default_job_queue"):
        if getattr(job, f"{attribute}_override"):
            data[f"{attribute}_override"] = "on"
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def test_the_page_shows_each_attribute_with_its_override_box_and_the_code_value(admin_client, fixture_jobs):
    response = admin_client.get(edit_url(fixture_jobs["FullMetaJob"]))
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert {queue.name for queue in form["job_queues"].value() and form.initial["job_queues"]} == {
        "default",
        "priority",
    }
    assert form.initial["default_job_queue"] == JobQueue.objects.get(name="default").pk
    assert 'data-override-for="id_name"' in html and "job-edit.js" in html
    assert 'aria-label="Override job queues"' in html and 'aria-label="Override default job queue"' in html


def test_a_manager_disables_a_job_and_overrides_its_name_and_queues(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    fast = JobQueue.objects.create(name="fast")
    data = form_data(
        job,
        enabled=None,
        name="Renamed",
        name_override="on",
        job_queues=[str(JobQueue.objects.get(name="default").pk), str(fast.pk)],
        job_queues_override="on",
        default_job_queue=str(fast.pk),
        default_job_queue_override="on",
    )
    response = admin_client.post(edit_url(job), data)
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.enabled is False and job.name == "Renamed" and job.task_queues == ["fast", "default"]
    assert job.name_override and job.task_queues_override and job.default_job_queue_override


def test_queues_without_their_override_follow_the_code(admin_client, fixture_jobs):
    job = fixture_jobs["FullMetaJob"]  # Meta.task_queues = ["default", "priority"]
    fast = JobQueue.objects.create(name="fast")
    response = admin_client.post(
        edit_url(job), form_data(job, job_queues=[str(fast.pk)], default_job_queue=str(fast.pk))
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.task_queues == ["default", "priority"] and not job.job_queues_override


def test_the_default_queue_is_always_one_of_the_jobs_queues(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    fast = JobQueue.objects.create(name="fast")
    data = form_data(job, default_job_queue=str(fast.pk), default_job_queue_override="on")
    response = admin_client.post(edit_url(job), data)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.task_queues == ["fast", "default"]


def test_a_value_without_its_override_follows_the_code(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    Job.objects.filter(pk=job.pk).update(name="Old override", name_override=True)
    job.refresh_from_db()
    response = admin_client.post(edit_url(job), form_data(job, name="Ignored", name_override=None))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.name == "Passing job" and not job.name_override


def test_sensitive_variables_and_approval_cannot_be_combined(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]  # has_sensitive_variables defaults to True
    response = admin_client.post(
        edit_url(job), form_data(job, approval_required="on", approval_required_override="on")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["approval_required"] == [
        "A job with sensitive variables cannot also be marked as requiring approval"
    ]
    job.refresh_from_db()
    assert job.approval_required is False


def test_negative_time_limits_are_refused(admin_client, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    response = admin_client.post(edit_url(job), form_data(job, time_limit="-5", time_limit_override="on"))
    assert response.status_code == 200 and "time_limit" in response.context["form"].errors


def test_editing_needs_the_change_permission_on_that_job(client, fixture_jobs):
    user = UserFactory()
    grant(user, Job, ["view"])
    client.force_login(user)
    job = fixture_jobs["PassingJob"]
    assert client.get(edit_url(job)).status_code == 403
    grant(user, Job, ["change"], constraints={"job_class_name": "SlowJob"})
    assert client.get(edit_url(job)).status_code == 404
    assert client.get(edit_url(fixture_jobs["SlowJob"])).status_code == 200


def test_time_limits_read_as_seconds_with_the_server_default_that_0_stands_for(
    admin_client, fixture_jobs, settings
):
    settings.CELERY_TASK_SOFT_TIME_LIMIT, settings.CELERY_TASK_TIME_LIMIT = 300, 600
    html = admin_client.get(edit_url(fixture_jobs["PassingJob"])).content.decode()
    assert 'name="soft_time_limit" value="0"' in html and 'value="0.0"' not in html
    assert "0 means the server default, now 300 s (CELERY_TASK_SOFT_TIME_LIMIT)" in html
    assert "0 means the server default, now 600 s (CELERY_TASK_TIME_LIMIT)" in html
    assert html.count("0 (server default: 300 s)") == 1 and "0 (server default: 600 s)" in html
    page = admin_client.get(fixture_jobs["PassingJob"].get_absolute_url()).content.decode()
    assert "300 s soft (server default), 600 s hard (server default)" in page

    declared = admin_client.get(edit_url(fixture_jobs["FullMetaJob"])).content.decode()
    assert 'name="soft_time_limit" value="30"' in declared and 'name="time_limit" value="60"' in declared
    assert ">30 s<" in declared and ">60 s<" in declared
