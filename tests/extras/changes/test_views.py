"""The change log's pages: the global list, one change's difference, every object's Changelog tab, and a
run's Changes / Would change tab with "Commit these changes"; read-only, under the objects' permissions."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from dcim.models import Device, Manufacturer, Site
from extras.models import Job, JobLogEntry, JobResult, ObjectChange, ScheduledJob
from extras.routers import LIVE_ALIAS
from tests.extras.changes.helpers import dry_run_result, record
from tests.factories.dcim import (
    DeviceFactory,
    DeviceRoleFactory,
    DeviceTypeFactory,
    InterfaceFactory,
    ManufacturerFactory,
    SiteFactory,
)
from tests.factories.git import GitRepositoryFactory
from tests.factories.users import UserFactory, grant

pytestmark = pytest.mark.django_db

LIST_URL = reverse("extras:objectchange_list")


def rows(response) -> list[str]:
    return [str(row.record.object_repr) for row in response.context["table"].rows]


@pytest.fixture
def site_history(superuser):
    """Three requests: a site is created, then described, then a device with an interface is added to it."""
    device_type, role = DeviceTypeFactory(), DeviceRoleFactory()  # not recorded
    with record(superuser):
        site = SiteFactory(name="Berlin", description="old")
    with record(superuser):
        site.description = "new"
        site.save()
    with record(superuser):
        device = DeviceFactory(site=site, name="edge-1", device_type=device_type, role=role)
        InterfaceFactory(device=device, name="eth0")
    return site, device


def test_the_list_shows_every_change_newest_first_and_filters(admin_client, site_history):
    response = admin_client.get(LIST_URL)
    assert response.status_code == 200
    assert rows(response)[:3] == ["eth0", "edge-1", "Berlin"]
    assert rows(admin_client.get(LIST_URL, {"changed_object_type": "dcim.site"})) == ["Berlin", "Berlin"]
    assert rows(admin_client.get(LIST_URL, {"action": "update"})) == ["Berlin"]
    assert rows(admin_client.get(LIST_URL, {"q": "edge"})) == ["edge-1"]
    html = admin_client.get(LIST_URL).content.decode()
    assert "Entries are kept 90 days." in html


def test_the_list_page_costs_the_same_queries_for_few_and_many_rows(
    admin_client, superuser, django_assert_max_num_queries
):
    with record(superuser):  # the same kinds of objects both times: a query per kind, none per row
        InterfaceFactory(device=DeviceFactory())
    admin_client.get(LIST_URL)  # warm the content type cache
    with django_assert_max_num_queries(20) as few:
        admin_client.get(LIST_URL)
    with record(superuser):
        for _ in range(15):
            InterfaceFactory(device=DeviceFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(LIST_URL)
    assert len(response.context["table"].rows) == 50


def test_the_list_needs_the_view_permission_and_honours_constraints(client, site_history):
    user = UserFactory()
    client.force_login(user)
    assert client.get(LIST_URL).status_code == 403
    grant(user, Site, ["view"])  # a change is shown only with its object (issue 20)
    grant(user, Device, ["view"])
    grant(user, ObjectChange, ["view"], constraints={"changed_object_type__model": "device"})
    assert rows(client.get(LIST_URL)) == ["edge-1"]


def test_a_change_page_shows_the_difference_side_by_side(admin_client, site_history):
    site, _device = site_history
    change = ObjectChange.objects.get(action="update", changed_object_id=site.pk)
    response = admin_client.get(change.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    changed = {d.name: (d.kind, d.before_text, d.after_text) for d in response.context["differences"]}
    assert changed["description"] == ("changed", "old", "new")
    assert changed["name"][0] == "same"
    assert 'data-field="description" data-kind="changed"' in html
    assert "Other changes of this request" not in html  # alone in its request
    created = ObjectChange.objects.get(action="create", changed_object_type__model="device")
    other = admin_client.get(created.get_absolute_url())
    assert {d.kind for d in other.context["differences"]} == {"added"}
    assert "Other changes of this request" in other.content.decode()


def test_a_change_outside_the_users_constraints_is_not_found(client, site_history):
    user = UserFactory()
    grant(user, ObjectChange, ["view"], constraints={"changed_object_type__model": "device"})
    client.force_login(user)
    site_change = ObjectChange.objects.filter(changed_object_type__model="site").first()
    assert client.get(site_change.get_absolute_url()).status_code == 404


def test_the_change_log_is_read_only_in_the_ui(admin_client, site_history):
    change = ObjectChange.objects.first()
    assert admin_client.post(change.get_absolute_url()).status_code == 405
    assert admin_client.post(LIST_URL).status_code == 405


# --- the Changelog tab ---------------------------------------------------------------------------------------


def test_an_objects_changelog_tab_lists_its_changes_and_those_of_what_belongs_to_it(
    admin_client, site_history
):
    _site, device = site_history
    url = reverse("dcim:device_changelog", kwargs={"pk": device.pk})
    detail = admin_client.get(device.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail and ">Changelog</a>" in detail
    response = admin_client.get(url)
    assert response.status_code == 200
    assert rows(response) == ["eth0", "edge-1"]  # the interface belongs to the device


def test_every_object_page_has_the_tab(admin_client, fixture_jobs, superuser):
    job = fixture_jobs["PassingJob"]
    repository = GitRepositoryFactory()
    schedule = ScheduledJob.objects.create(
        name="s", job_model=job, job_class=job.class_path, interval="daily"
    )
    for obj in (job, repository, schedule, ManufacturerFactory()):
        meta = obj._meta
        url = reverse(f"{meta.app_label}:{meta.model_name}_changelog", kwargs={"pk": obj.pk})
        assert f'href="{url}"' in admin_client.get(obj.get_absolute_url()).content.decode(), meta.model_name
        assert admin_client.get(url).status_code == 200


def test_the_tab_follows_the_objects_permissions_and_the_change_logs(client, site_history):
    site, _device = site_history
    user = UserFactory()
    client.force_login(user)
    url = reverse("dcim:site_changelog", kwargs={"pk": site.pk})
    assert client.get(url).status_code == 403
    grant(user, Site, ["view"], constraints={"name": "elsewhere"})
    assert client.get(url).status_code == 404
    grant(user, Site, ["view"])
    assert "You may not view the change log." in client.get(url).content.decode()
    grant(user, ObjectChange, ["view"], constraints={"action": "create"})
    assert rows(client.get(url)) == ["Berlin"]


# --- a run's changes -------------------------------------------------------------------------------------------


def result_changes_url(result) -> str:
    return reverse("extras:jobresult_changes", kwargs={"pk": result.pk})


def test_a_dry_runs_tab_shows_what_it_would_change_and_offers_to_commit_it(admin_client, fixture_jobs):
    site = SiteFactory(name="Berlin")
    new = uuid.uuid4()
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
            (Manufacturer, new, "create", None, {"display": "Acme", "name": "Acme"}),
        ],
    )
    result_page = admin_client.get(dry.get_absolute_url()).content.decode()
    assert "Would change" in result_page and f'href="{result_changes_url(dry)}"' in result_page
    response = admin_client.get(result_changes_url(dry))
    html = response.content.decode()
    assert 'id="commit-changes"' in html and "Commit these changes" in html
    assert f'id="change-{site.pk}"' in html and f'id="change-{new}"' in html
    assert f'href="{site.get_absolute_url()}"' in html  # an object that still exists links to its page
    assert 'data-field="description" data-kind="changed"' in html


def test_a_committed_runs_tab_shows_its_change_log_entries(admin_client, fixture_jobs, superuser):
    job = fixture_jobs["ReshapeInventoryJob"]
    result = JobResult.objects.create(
        job_model=job,
        name=job.class_path,
        commit=True,
        task_id=uuid.uuid4(),
        status="completed",
        change_count=1,
    )
    with record(superuser, job_result=result, source="job"):
        ManufacturerFactory(name="Acme")
    html = admin_client.get(result_changes_url(result)).content.decode()
    assert ">Changes <span" in html and "Commit these changes" not in html
    assert ObjectChange.objects.get().get_absolute_url() in html


def test_what_cannot_be_committed_says_why_instead_of_offering_it(admin_client, fixture_jobs):
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"])
    JobResult.objects.filter(pk=dry.pk).update(job_kwargs=None)
    html = admin_client.get(result_changes_url(dry)).content.decode()
    assert "Commit these changes</button>" not in html
    assert "inputs were not stored" in html


def test_commit_these_changes_starts_the_bound_run_and_opens_it(
    admin_client, fixture_jobs, worker_heartbeat, recording_dispatcher, django_capture_on_commit_callbacks
):
    site = SiteFactory()
    data = {
        "site": str(site.pk),
        "description": "x",
        "new_manufacturer": "Acme",
        "retire": "",
        "post_run_note": "",
    }
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"], data=data)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("extras:jobresult_commit", kwargs={"pk": dry.pk}))
    committed = JobResult.objects.get(reviewed_result=dry)
    assert response.status_code == 302 and response["Location"] == committed.get_absolute_url()
    html = admin_client.get(result_changes_url(committed)).content.decode()
    assert f'href="{result_changes_url(dry)}"' in html  # the commit run links to what it commits
    assert f'data-commit-run="{committed.pk}"' in admin_client.get(result_changes_url(dry)).content.decode()


def test_a_refused_commit_is_a_message_on_the_tab(admin_client, fixture_jobs):
    dry = dry_run_result(fixture_jobs["ReshapeInventoryJob"], status="failed")
    response = admin_client.post(reverse("extras:jobresult_commit", kwargs={"pk": dry.pk}), follow=True)
    assert "Only a dry run that completed can be committed" in response.content.decode()
    assert JobResult.objects.count() == 1


def test_a_dry_runs_log_links_a_created_object_to_its_entry_not_to_a_404(admin_client, fixture_jobs):
    site = SiteFactory()
    gone = uuid.uuid4()
    dry = dry_run_result(
        fixture_jobs["ReshapeInventoryJob"],
        changes=[(Manufacturer, gone, "create", None, {"display": "Acme"})],
    )
    gone_url = reverse("dcim:manufacturer", kwargs={"pk": gone})
    JobLogEntry.objects.using(LIVE_ALIAS).bulk_create(
        [
            JobLogEntry(job_result_id=dry.pk, sequence=1, log_level="success", grouping="run", message="made",
                        log_object="Acme", absolute_url=gone_url),
            JobLogEntry(job_result_id=dry.pk, sequence=2, log_level="info", grouping="run", message="kept",
                        log_object=site.name, absolute_url=site.get_absolute_url()),
        ]
    )  # fmt: skip
    html = admin_client.get(dry.get_absolute_url()).content.decode()
    assert f'href="{result_changes_url(dry)}?page=1#change-{gone}"' in html
    assert f'href="{gone_url}"' not in html
    assert f'href="{site.get_absolute_url()}"' in html


def test_result_tab_permissions_follow_the_result_and_the_change_log(client, fixture_jobs, superuser):
    job = fixture_jobs["ReshapeInventoryJob"]
    committed = JobResult.objects.create(
        job_model=job, name=job.class_path, commit=True, task_id=uuid.uuid4(), status="completed"
    )
    with record(superuser, job_result=committed, source="job"):
        ManufacturerFactory(name="Acme")
    user = UserFactory()
    client.force_login(user)
    assert client.get(result_changes_url(committed)).status_code == 403
    grant(user, JobResult, ["view"])
    grant(user, Job, ["view"])
    assert "You may not view the change log" in client.get(result_changes_url(committed)).content.decode()
    grant(user, ObjectChange, ["view"])
    assert "Acme" not in client.get(result_changes_url(committed)).content.decode()  # nor manufacturers
    grant(user, Manufacturer, ["view"])
    assert "Acme" in client.get(result_changes_url(committed)).content.decode()
    assert Device.objects.count() == 0 and ContentType.objects.exists()
