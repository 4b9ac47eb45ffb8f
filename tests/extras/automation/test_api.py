"""REST API of job buttons, job hooks, job queues and queue assignments: CRUD and permissions (the shared
data-driven base), validation in the one error shape, and runs sent to a queue (validated, 503 without a
worker, live worker counts per queue)."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from dcim.models import Device, Manufacturer
from extras.models import Job, JobButton, JobHook, JobQueue, JobQueueAssignment, JobResult
from extras.queues.assignment import ensure_queues, set_job_queues
from tests.api_base import APITestBase, assert_status
from tests.api_errors import assert_error_shape

pytestmark = pytest.mark.django_db


def content_types(model):
    return [ContentType.objects.get_for_model(model)]


class JobsMixin:
    @pytest.fixture(autouse=True)
    def _jobs(self, fixture_jobs):
        self.jobs = fixture_jobs


class TestJobButtonAPI(JobsMixin, APITestBase):
    model = JobButton
    api_namespace = "extras-api"

    def make_objects(self):
        buttons = []
        for number in range(3):
            button = JobButton.objects.create(
                name=f"Button {number}", text="Go", job=self.jobs["NoteDeviceButton"], weight=number
            )
            button.content_types.set(content_types(Device))
            buttons.append(button)
        return buttons

    def create_payloads(self):
        return [
            {
                "name": "Note",
                "content_types": ["dcim.device"],
                "text": "Note {{ obj.name }}",
                "job": str(self.jobs["NoteDeviceButton"].pk),
                "group_name": "Tools",
                "confirmation": False,
            },
            {
                "name": "Touch",
                "content_types": ["dcim.device"],
                "text": "T",
                "job": str(self.jobs["TouchDeviceJob"].pk),
            },
        ]

    def update_payload(self):
        return {"text": "Note {{ obj.name }} now", "weight": 5, "button_class": "danger"}

    def test_a_job_that_cannot_take_the_type_is_refused_naming_the_job(self, admin_api):
        payload = {
            "name": "Wrong",
            "content_types": ["dcim.manufacturer"],
            "text": "x",
            "job": str(self.jobs["TouchDeviceJob"].pk),
        }
        response = admin_api.post(self.list_url(), payload, format="json")
        body = assert_error_shape(response, 400, ["job"])
        assert "no single required object variable of manufacturer" in body["errors"]["job"][0]

    def test_an_unknown_content_type_is_refused(self, admin_api):
        payload = {**self.create_payloads()[0], "content_types": ["dcim.nothing"]}
        assert_error_shape(admin_api.post(self.list_url(), payload, format="json"), 400, ["content_types"])


class TestJobHookAPI(JobsMixin, APITestBase):
    model = JobHook
    api_namespace = "extras-api"

    def make_objects(self):
        hooks = []
        for number, model in enumerate((Manufacturer, Device, JobQueue)):
            hook = JobHook.objects.create(
                name=f"Hook {number}", job=self.jobs["DescribeManufacturerHook"], type_create=True
            )
            hook.content_types.set(content_types(model))
            hooks.append(hook)
        return hooks

    def create_payloads(self):
        return [
            {
                "name": "On manufacturers",
                "content_types": ["dcim.manufacturer"],
                "job": str(self.jobs["DescribeManufacturerHook"].pk),
                "type_update": True,
                "fields": ["slug", "name"],
            }
        ]

    def update_payload(self):
        return {"type_delete": True, "enabled": False}

    def test_a_job_that_is_no_hook_receiver_is_refused(self, admin_api):
        payload = {**self.create_payloads()[0], "job": str(self.jobs["PassingJob"].pk)}
        body = assert_error_shape(admin_api.post(self.list_url(), payload, format="json"), 400, ["job"])
        assert body["errors"]["job"] == ["The job of a job hook must be a job hook receiver."]

    def test_no_action_and_unknown_fields_are_refused(self, admin_api):
        payload = {**self.create_payloads()[0], "type_update": False}
        assert_error_shape(admin_api.post(self.list_url(), payload, format="json"), 400)
        payload = {**self.create_payloads()[0], "fields": ["colour"]}
        body = assert_error_shape(admin_api.post(self.list_url(), payload, format="json"), 400, ["fields"])
        assert body["errors"]["fields"] == ["dcim.manufacturer has no field colour."]

    def test_a_second_hook_for_the_same_job_type_and_action_conflicts(self, admin_api):
        assert_status(admin_api.post(self.list_url(), self.create_payloads()[0], format="json"), 201)
        again = {**self.create_payloads()[0], "name": "Again"}
        assert_error_shape(admin_api.post(self.list_url(), again, format="json"), 400, ["type_update"])


class TestJobQueueAPI(JobsMixin, APITestBase):
    model = JobQueue
    api_namespace = "extras-api"

    def make_objects(self):
        return [JobQueue.objects.create(name=f"queue-{number}") for number in range(3)]

    def create_payloads(self):
        return [{"name": "bulk", "queue_type": "celery", "description": "Long imports"}]

    def update_payload(self):
        return {"description": "Renamed"}

    def test_each_queue_counts_its_live_workers(self, admin_api, worker_heartbeat):
        self.make_objects()
        body = admin_api.get(self.list_url(), {"limit": 100}).json()
        workers = {item["name"]: item["workers"] for item in body["results"]}
        assert workers["default"] == 1 and workers["queue-0"] == 0

    def test_a_kubernetes_queue_is_refused(self, admin_api):
        payload = {"name": "pods", "queue_type": "kubernetes"}
        assert_error_shape(admin_api.post(self.list_url(), payload, format="json"), 400, ["queue_type"])


class TestJobQueueAssignmentAPI(JobsMixin, APITestBase):
    model = JobQueueAssignment
    api_namespace = "extras-api"

    def make_objects(self):
        job = self.jobs["PassingJob"]
        return [
            JobQueueAssignment.objects.create(job=job, job_queue=JobQueue.objects.create(name=f"extra-{n}"))
            for n in range(3)
        ]

    def create_payloads(self):
        queue = JobQueue.objects.create(name="fresh")
        return [{"job": str(self.jobs["PassingJob"].pk), "job_queue": str(queue.pk)}]

    def update_payload(self):
        return {"job_queue": str(JobQueue.objects.create(name="moved").pk)}

    def test_assigning_marks_the_job_overridden_and_the_run_api_accepts_the_queue(self, admin_api):
        job = self.jobs["PassingJob"]
        assert not job.job_queues_override
        assert_status(admin_api.post(self.list_url(), self.create_payloads()[0], format="json"), 201)
        job.refresh_from_db()
        assert job.job_queues_override and "fresh" in job.allowed_task_queues

    def test_the_default_queue_assignment_cannot_be_removed(self, admin_api):
        job = self.jobs["PassingJob"]
        assignment = JobQueueAssignment.objects.get(job=job, job_queue=job.default_job_queue)
        response = admin_api.delete(self.detail_url(assignment))
        body = assert_error_shape(response, 409, [])
        assert "is the default queue of the job" in body["detail"]


# --- Runs sent to a queue ---------------------------------------------------------------------------------
def run_url(job: Job) -> str:
    return reverse("extras-api:job-run", kwargs={"pk": job.pk})


@pytest.fixture
def priority_job(fixture_jobs):
    """PassingJob, which may also run on the "priority" queue (its default stays "default")."""
    job = fixture_jobs["PassingJob"]
    set_job_queues(job, ensure_queues(["default", "priority"]))
    return job


def test_meta_task_queues_map_onto_job_queues(fixture_jobs):
    job = fixture_jobs["FullMetaJob"]  # Meta.task_queues = ["default", "priority"]
    assert job.default_job_queue.name == "default"
    assert sorted(job.job_queues.values_list("name", flat=True)) == ["default", "priority"]
    assert job.task_queues == ["default", "priority"]
    assert fixture_jobs["PassingJob"].task_queues == ["default"]  # no Meta.task_queues: the default queue


def test_a_queue_that_is_not_the_jobs_is_400(superuser, token_client, priority_job, worker_heartbeat):
    JobQueue.objects.create(name="elsewhere")
    response = token_client(superuser).post(run_url(priority_job), {"job_queue": "elsewhere"}, format="json")
    body = assert_error_shape(response, 400, ["task_queue"])
    assert body["errors"]["task_queue"] == ['"elsewhere" is not a valid choice.']


def test_task_queue_and_job_queue_that_disagree_are_400(
    superuser, token_client, priority_job, worker_heartbeat
):
    body = {"task_queue": "default", "job_queue": "priority"}
    response = token_client(superuser).post(run_url(priority_job), body, format="json")
    assert_error_shape(response, 400, ["job_queue"])


def test_a_queue_with_no_worker_is_503_and_records_nothing(
    superuser, token_client, priority_job, worker_heartbeat
):
    # The worker of `worker_heartbeat` consumes "default" only.
    response = token_client(superuser).post(run_url(priority_job), {"job_queue": "priority"}, format="json")
    assert_error_shape(
        response, 503, [], detail="Unable to process request: No celery workers running on queue priority."
    )
    assert not JobResult.objects.exists()


def test_a_queue_given_by_id_is_accepted(superuser, token_client, priority_job, worker_heartbeat):
    default = JobQueue.objects.get(name="default")
    response = token_client(superuser).post(
        run_url(priority_job), {"job_queue": str(default.pk)}, format="json"
    )
    assert_status(response, 201)
    assert JobResult.objects.get().task_queue == "default"


def test_the_job_list_costs_the_same_queries_whatever_the_number_of_jobs_and_queues(
    superuser, token_client, fixture_jobs, django_assert_max_num_queries
):
    client = token_client(superuser)
    Job.objects.exclude(name__in=["Passing job", "Full meta job"]).delete()
    with django_assert_max_num_queries(40) as few:
        assert_status(client.get("/api/extras/jobs/", HTTP_ACCEPT="application/json; version=1.3"), 200)
    from tests.factories.extras import sync_fixture_jobs

    sync_fixture_jobs()  # every fixture job again, each with its queues
    for job in Job.objects.all()[:10]:
        set_job_queues(job, ensure_queues(["default", "priority", f"q-{job.pk}"]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(
            "/api/extras/jobs/", {"limit": 100}, HTTP_ACCEPT="application/json; version=1.3"
        )
    assert response.json()["count"] > 20
    assert any(len(item["task_queues"]) == 3 for item in response.json()["results"])
