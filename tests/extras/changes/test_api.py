"""/api/extras/object-changes/ (read-only, Nautobot 1.x shape, filters, constraints, query counts) and a run's
change set over the API: /api/extras/job-results/<id>/changes/ and /commit/."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from dcim.models import Manufacturer, Site
from extras.models import Job, JobResult, ObjectChange
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape
from tests.extras.changes.helpers import dry_run_result, record
from tests.factories.dcim import DeviceFactory, InterfaceFactory, ManufacturerFactory, SiteFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

URL = "/api/extras/object-changes/"


@pytest.fixture
def history(superuser):
    """Three requests: alice creates a site, bob renames it and adds a manufacturer, alice deletes it."""
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    with record(alice):
        site = SiteFactory(name="Berlin")
    with record(bob):
        site.name = "Berlin 2"
        site.save()
        manufacturer = ManufacturerFactory(name="Acme")
    with record(alice, source="api"):
        manufacturer.delete()
    return {"alice": alice, "bob": bob, "site": site, "manufacturer": manufacturer}


def listed(response) -> list[tuple[str, str]]:
    assert_status(response, 200)
    return [(item["object_repr"], item["action"]["value"]) for item in response.json()["results"]]


def test_the_change_log_lists_newest_first_in_nautobots_shape(admin_client, history):
    response = admin_client.get(URL)
    assert listed(response) == [
        ("Acme", "delete"),
        ("Acme", "create"),
        ("Berlin 2", "update"),
        ("Berlin", "create"),
    ]
    item = response.json()["results"][2]
    assert set(item) >= {
        "id", "url", "display", "time", "user", "user_name", "request_id", "action", "changed_object_type",
        "changed_object_id", "changed_object", "object_data", "prechange_data", "postchange_data",
        "related_object_type", "related_object_id", "change_context", "change_context_detail", "job_result",
    }  # fmt: skip
    assert item["changed_object_type"] == "dcim.site" and item["user"]["username"] == "bob"
    assert item["changed_object"]["display"] == "Berlin 2"
    assert item["prechange_data"]["name"] == "Berlin" and item["object_data"]["name"] == "Berlin 2"
    assert response.json()["results"][0]["changed_object"] is None  # the manufacturer is gone


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"user": "alice"}, [("Acme", "delete"), ("Berlin", "create")]),
        ({"user_name": "bob"}, [("Acme", "create"), ("Berlin 2", "update")]),
        ({"action": "update"}, [("Berlin 2", "update")]),
        ({"changed_object_type": "dcim.manufacturer"}, [("Acme", "delete"), ("Acme", "create")]),
        ({"change_context": "api"}, [("Acme", "delete")]),
        ({"q": "berlin"}, [("Berlin 2", "update"), ("Berlin", "create")]),
    ],
)
def test_filters(admin_client, history, params, expected):
    assert listed(admin_client.get(URL, params)) == expected


def test_filters_by_request_object_and_time(admin_client, history):
    site = history["site"]
    rows = list(ObjectChange.objects.order_by("time"))
    bobs_request = rows[1].request_id
    assert listed(admin_client.get(URL, {"request_id": str(bobs_request)})) == [
        ("Acme", "create"),
        ("Berlin 2", "update"),
    ]
    assert len(listed(admin_client.get(URL, {"changed_object_id": str(site.pk)}))) == 2
    assert listed(admin_client.get(URL, {"user": str(history["bob"].pk), "action": "create"})) == [
        ("Acme", "create")
    ]
    middle = rows[1].time.isoformat()
    assert len(listed(admin_client.get(URL, {"time__gte": middle}))) == 3
    assert len(listed(admin_client.get(URL, {"time__lte": middle}))) == 2
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert listed(admin_client.get(URL, {"time__gte": future})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"changed_object_type": "dcim.nothing"}, "changed_object_type"),
        ({"request_id": "not-a-uuid"}, "request_id"),
        ({"time__gte": "yesterday"}, "time__gte"),
        ({"action": "explode"}, "action"),
    ],
)
def test_a_bad_filter_is_a_400_in_the_one_error_shape(admin_client, params, field):
    assert_error_shape(admin_client.get(URL, params), 400, [field])


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_change_log_is_read_only(admin_client, history, method):
    row = ObjectChange.objects.first()
    target = URL if method == "post" else f"{URL}{row.pk}/"
    assert_error_shape(getattr(admin_client, method)(target, {}, format="json"), 405, [])
    assert ObjectChange.objects.count() == 4


def test_viewing_needs_the_permission_and_honours_its_constraints(token_client, history):
    user = UserFactory()
    client = token_client(user)
    assert_error_shape(client.get(URL), 403, [])
    grant(user, Site, ["view"])  # a change is shown only with its object (issue 20)
    grant(user, Manufacturer, ["view"])
    grant(user, ObjectChange, ["view"], constraints={"changed_object_type__model": "site"})
    assert listed(client.get(URL)) == [("Berlin 2", "update"), ("Berlin", "create")]
    hidden = ObjectChange.objects.filter(changed_object_type__model="manufacturer").first()
    assert_error_shape(client.get(f"{URL}{hidden.pk}/"), 404, [])


def test_constraints_may_name_the_user_who_made_the_change(token_client, history):
    alice = history["alice"]
    grant(alice, Site, ["view"])  # a change is shown only with its object (issue 20)
    grant(alice, Manufacturer, ["view"])
    grant(alice, ObjectChange, ["view"], constraints={"user": "$user"})
    assert listed(token_client(alice).get(URL)) == [("Acme", "delete"), ("Berlin", "create")]


def test_the_list_costs_the_same_queries_for_few_and_many_rows(admin_client, django_assert_max_num_queries):
    def make(count: int) -> None:
        with record(UserFactory()):
            for _ in range(count):
                device = DeviceFactory()
                InterfaceFactory(device=device)
                ManufacturerFactory()

    make(2)
    with django_assert_max_num_queries(12) as few:
        assert_status(admin_client.get(URL, {"limit": 100}), 200)
    make(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(URL, {"limit": 100})
    assert response.json()["count"] > 60


# --- a run's change set ----------------------------------------------------------------------------------


def result_url(result: JobResult, action: str) -> str:
    return f"/api/extras/job-results/{result.pk}/{action}/"


def test_a_dry_runs_change_set_is_listed_in_order(admin_client, fixture_jobs):
    site = SiteFactory(name="Berlin")
    dry = dry_run_result(
        fixture_jobs["ReshapeInventoryJob"],
        changes=[
            (
                Site,
                site.pk,
                "update",
                {"display": "Berlin", "description": ""},
                {"display": "Berlin", "description": "x"},
            ),
            (Manufacturer, uuid.uuid4(), "create", None, {"display": "Acme", "name": "Acme"}),
        ],
    )
    body = admin_client.get(result_url(dry, "changes")).json()
    assert body["count"] == 2
    first, second = body["results"]
    assert (first["action"]["value"], first["changed_object_type"], first["object_change"]) == (
        "update",
        "dcim.site",
        None,
    )
    assert first["prechange_data"]["description"] == "" and first["postchange_data"]["description"] == "x"
    assert second["object_data"] == {"display": "Acme", "name": "Acme"}


def test_a_committed_runs_changes_are_its_change_log_entries_as_far_as_the_user_may_see(
    token_client, fixture_jobs, superuser
):
    job = fixture_jobs["ReshapeInventoryJob"]
    result = JobResult.objects.create(job_model=job, name=job.class_path, commit=True, task_id=uuid.uuid4())
    with record(superuser, job_result=result, source="job"):
        SiteFactory(name="Berlin")
        ManufacturerFactory(name="Acme")
    viewer = UserFactory()
    grant(viewer, JobResult, ["view"])
    grant(viewer, Job, ["view"])
    client = token_client(viewer)
    assert client.get(result_url(result, "changes")).json()["count"] == 0
    grant(viewer, Site, ["view"])  # each change also needs its object's model (issue 20, defect 3)
    grant(viewer, Manufacturer, ["view"])
    grant(viewer, ObjectChange, ["view"], constraints={"changed_object_type__model": "site"})
    body = client.get(result_url(result, "changes")).json()
    assert [item["object_repr"] for item in body["results"]] == ["Berlin"]
    assert body["results"][0]["object_change"].endswith(
        f"/api/extras/object-changes/{ObjectChange.objects.get(object_repr='Berlin').pk}/"
    )


def test_committing_a_dry_run_starts_a_run_bound_to_it(
    admin_client, fixture_jobs, recording_dispatcher, worker_heartbeat, django_capture_on_commit_callbacks
):
    site = SiteFactory()
    data = {
        "site": str(site.pk),
        "description": "new",
        "new_manufacturer": "Acme",
        "retire": "",
        "post_run_note": "",
    }
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"], data=data, task_queue="default")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(result_url(dry, "commit"), format="json")

    assert_status(response, 201)
    committed = JobResult.objects.get(pk=response.json()["job_result"]["id"])
    assert committed.commit and committed.reviewed_result == dry and committed.job_kwargs["data"] == data
    assert recording_dispatcher.runs == [committed.pk]


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        (
            {"commit": True},
            400,
            "Only a dry run's changes can be reviewed and committed; this run committed its own.",
        ),
        ({"status": "failed"}, 400, "Only a dry run that completed can be committed; this one is failed."),
        ({"change_count": None}, 400, "This dry run has no stored change set to commit."),
        ({"job_kwargs": None}, 400, None),
    ],
)
def test_what_cannot_be_committed_is_refused(admin_client, fixture_jobs, change, status, message):
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"])
    JobResult.objects.filter(pk=dry.pk).update(**change)
    body = assert_error_shape(admin_client.post(result_url(dry, "commit")), status, [])
    assert message is None or body["detail"] == message
    assert JobResult.objects.count() == 1


def test_committing_needs_the_run_permission_on_the_job(token_client, fixture_jobs):
    viewer = UserFactory()
    grant(viewer, JobResult, ["view"])
    grant(viewer, Job, ["view"])
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"])
    body = assert_error_shape(token_client(viewer).post(result_url(dry, "commit")), 403, [])
    assert body["detail"] == "You do not have permission to run this job."


def test_committing_without_a_worker_is_a_503(admin_client, fixture_jobs):
    site = SiteFactory()
    data = {
        "site": str(site.pk),
        "description": "x",
        "new_manufacturer": "Acme",
        "retire": "",
        "post_run_note": "",
    }
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"], data=data)
    assert_error_shape(admin_client.post(result_url(dry, "commit")), 503, [])


def test_inputs_that_no_longer_validate_are_a_400_naming_the_variable(
    admin_client, fixture_jobs, worker_heartbeat
):
    data = {
        "site": str(uuid.uuid4()),
        "description": "x",
        "new_manufacturer": "Acme",
        "retire": "",
        "post_run_note": "",
    }
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"], data=data)
    assert_error_shape(admin_client.post(result_url(dry, "commit")), 400, ["site"])


def test_a_reviewed_dry_run_cannot_be_deleted_while_a_run_commits_it(admin_client, fixture_jobs):
    job = fixture_jobs["ReshapeInventoryJob"]
    dry = dry_run_result(job)
    committed = JobResult.objects.create(
        job_model=job, name=job.class_path, commit=True, task_id=uuid.uuid4(), reviewed_result=dry
    )
    assert_error_shape(admin_client.delete(f"/api/extras/job-results/{dry.pk}/"), 409, [])
    assert_status(admin_client.delete(f"/api/extras/job-results/{committed.pk}/"), 204)
    assert_status(admin_client.delete(f"/api/extras/job-results/{dry.pk}/"), 204)
