"""Every path records its changes: the UI form, the REST API, the admin, the ORM inside a recording;
with the right user, one request id per request, and the "before" read from the database."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse

from dcim.models import Device, Interface, Manufacturer, Site, Status
from extras.changes.recording import ChangeContext, recording, touch
from extras.choices import ObjectChangeActionChoices as Action
from extras.models import ObjectChange, ScheduledJob
from tests.factories.dcim import DeviceFactory, InterfaceFactory, ManufacturerFactory, SiteFactory, status
from tests.factories.users import ObjectPermissionFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def changes_of(obj) -> list[ObjectChange]:
    return list(
        ObjectChange.objects.filter(
            changed_object_type=ContentType.objects.get_for_model(obj), changed_object_id=obj.pk
        ).order_by("time")
    )


def context(user=None, **options) -> ChangeContext:
    return ChangeContext(request_id=uuid.uuid4(), source="web", user=user, **options)


def site_form(**overrides) -> dict:
    return {
        "name": "Branch 1",
        "slug": "",
        "status": status("active").pk,
        "facility": "",
        "description": "",
    } | overrides


# --- the UI -------------------------------------------------------------------------------------------


def test_a_site_added_and_edited_through_the_ui_is_recorded_with_its_user_and_request(client, user):
    grant(user, Site, ["view", "add", "change"])
    grant(user, Status, ["view"])  # a form offers only related objects the user may view
    client.force_login(user)

    added = client.post(reverse("dcim:site_add"), site_form(name="Berlin"))
    site = Site.objects.get(name="Berlin")
    edited = client.post(
        reverse("dcim:site_edit", kwargs={"pk": site.pk}), site_form(name="Berlin", facility="DC1")
    )

    assert added.status_code == edited.status_code == 302
    create, update = changes_of(site)
    assert (create.action, update.action) == (Action.ACTION_CREATE, Action.ACTION_UPDATE)
    assert create.user == update.user == user and create.user_name == user.username
    assert (
        str(create.request_id) == added["X-Request-ID"] and str(update.request_id) == edited["X-Request-ID"]
    )
    assert create.change_context == "web" and create.change_context_detail == "POST /dcim/sites/add/"
    assert create.prechange_data is None and create.postchange_data["name"] == "Berlin"
    assert update.prechange_data["facility"] == "" and update.postchange_data["facility"] == "DC1"
    # The REST API's shape: nested relations, relative URLs (no request behind the change log).
    assert update.postchange_data["url"] == f"/api/dcim/sites/{site.pk}/"
    assert update.postchange_data["status"]["slug"] == "active"
    assert update.object_data == update.postchange_data and update.object_repr == "Berlin"


def test_a_save_rolled_back_for_being_outside_the_users_constraints_records_nothing(client, user):
    grant(user, Site, ["view", "add"], constraints={"name__startswith": "Allowed"})
    grant(user, Status, ["view"])
    client.force_login(user)

    response = client.post(reverse("dcim:site_add"), site_form(name="Forbidden"))

    assert response.status_code == 200 and not Site.objects.exists()
    assert not ObjectChange.objects.exists()


def test_saving_an_unchanged_form_records_nothing(admin_client):
    site = SiteFactory(name="Berlin", facility="")
    admin_client.post(
        reverse("dcim:site_edit", kwargs={"pk": site.pk}), site_form(name="Berlin", slug=site.slug)
    )
    assert changes_of(site) == []


def test_a_delete_through_the_ui_keeps_the_objects_last_data_and_its_ports_name_their_device(admin_client):
    device = DeviceFactory(name="edge-1")
    port = InterfaceFactory(device=device, name="eth0")

    response = admin_client.post(reverse("dcim:device_delete", kwargs={"pk": device.pk}))

    assert response.status_code == 302 and not Interface.objects.exists()
    (deleted,) = changes_of(device)
    assert deleted.action == Action.ACTION_DELETE and deleted.postchange_data is None
    assert deleted.prechange_data["name"] == "edge-1" and deleted.object_data == deleted.prechange_data
    (port_deleted,) = changes_of(port)
    assert port_deleted.related_object_id == device.pk
    assert port_deleted.request_id == deleted.request_id  # one request, one id


# --- the REST API -------------------------------------------------------------------------------------


def test_an_api_change_is_attributed_to_the_tokens_user(token_client, user):
    grant(user, Manufacturer, ["view", "add", "change", "delete"])
    client = token_client(user)

    created = client.post("/api/dcim/manufacturers/", {"name": "Acme", "slug": "acme"}, format="json")
    manufacturer = Manufacturer.objects.get(slug="acme")
    client.patch(f"/api/dcim/manufacturers/{manufacturer.pk}/", {"description": "Anvils"}, format="json")
    client.delete(f"/api/dcim/manufacturers/{manufacturer.pk}/")

    assert created.status_code == 201
    rows = changes_of(manufacturer)
    assert [row.action for row in rows] == ["create", "update", "delete"]
    assert {row.user for row in rows} == {user} and {row.change_context for row in rows} == {"api"}
    assert len({row.request_id for row in rows}) == 3
    api_shape = created.json() | {
        "url": f"/api/dcim/manufacturers/{manufacturer.pk}/"
    }  # relative: no request
    assert rows[0].postchange_data == api_shape | {"last_updated": rows[0].postchange_data["last_updated"]}
    assert rows[1].prechange_data["description"] == "" and rows[1].postchange_data["description"] == "Anvils"


def test_a_refused_api_write_records_nothing(token_client, user):
    grant(user, Site, ["view", "add"], constraints={"name": "Allowed"})
    grant(user, Status, ["view"])
    response = token_client(user).post(
        "/api/dcim/sites/", {"name": "Other", "slug": "other", "status": status("active").pk}, format="json"
    )
    assert response.status_code == 403 and not ObjectChange.objects.exists()


# --- the admin ----------------------------------------------------------------------------------------


def test_an_admin_edit_of_a_permission_records_its_users_and_object_types(admin_client, superuser):
    someone = UserFactory(username="bob")
    permission = ObjectPermissionFactory(name="sites", actions=["view"])
    url = reverse("admin:users_objectpermission_change", args=[permission.pk])
    form = {
        "name": "sites",
        "description": "",
        "enabled": "on",
        "object_types": [ContentType.objects.get_for_model(Site).pk],
        "actions": '["view", "change"]',
        "constraints": "",
        "users": [someone.pk],
        "groups": [],
    }

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    (update,) = changes_of(permission)
    assert update.user == superuser and update.change_context == "web"
    assert update.prechange_data["actions"] == ["view"] and update.postchange_data["actions"] == [
        "view",
        "change",
    ]
    assert update.prechange_data["users"] == [] and update.postchange_data["users"] == [str(someone.pk)]
    assert update.postchange_data["object_types"] == ["dcim.site"]


def test_a_users_groups_and_flags_edited_in_the_admin_are_recorded_without_the_password(admin_client):
    someone = UserFactory(username="bob")
    operators = Group.objects.create(name="operators")
    form = {
        "username": "bob",
        "first_name": "",
        "last_name": "",
        "email": "bob@example.com",
        "is_active": "on",
        "is_staff": "on",
        "groups": [operators.pk],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": someone.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": someone.date_joined.strftime("%H:%M:%S"),
    }
    response = admin_client.post(reverse("admin:users_user_change", args=[someone.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    (change,) = changes_of(someone)
    assert change.prechange_data["is_staff"] is False and change.postchange_data["is_staff"] is True
    assert (
        change.prechange_data["groups"] == [] and change.postchange_data["groups"][0]["name"] == "operators"
    )
    assert "password" not in change.postchange_data


def test_an_admin_add_of_an_inventory_object_is_recorded(admin_client):
    response = admin_client.post(
        reverse("admin:dcim_manufacturer_add"), {"name": "Globex", "slug": "globex", "description": ""}
    )
    assert response.status_code == 302
    (created,) = changes_of(Manufacturer.objects.get(slug="globex"))
    assert created.action == Action.ACTION_CREATE and created.change_context_detail.startswith("POST /admin/")


def test_a_token_is_recorded_without_its_secret(client, user):
    client.force_login(user)
    client.post(reverse("users:token_add"), {"description": "ci", "write_enabled": "on"})
    (created,) = ObjectChange.objects.filter(changed_object_type__model="token")
    assert created.postchange_data["description"] == "ci"
    assert "key_hash" not in created.postchange_data and "last_used" not in created.postchange_data


# --- the ORM inside a recording -------------------------------------------------------------------------


def test_the_before_comes_from_the_database_even_when_the_object_was_edited_in_memory_first():
    site = SiteFactory(name="Old name")
    with recording(context()) as recorder:
        stale = Site.objects.get(pk=site.pk)
        stale.name = "New name"  # no snapshot() taken
        stale.save()
        (change,) = recorder.collect()
    assert change.prechange_data["name"] == "Old name" and change.postchange_data["name"] == "New name"


def test_snapshot_exists_on_every_change_logged_model_and_returns_the_recorded_shape():
    site = SiteFactory(name="Berlin")
    snapshot = site.snapshot()
    assert snapshot["name"] == "Berlin" and snapshot["url"] == f"/api/dcim/sites/{site.pk}/"
    assert site._prechange_snapshot == snapshot
    permission = ObjectPermissionFactory(actions=["view"])
    assert permission.snapshot()["actions"] == ["view"]
    assert ScheduledJob.snapshot  # jobs' own configuration objects too


def test_several_saves_of_one_object_make_one_change_and_a_rolled_back_savepoint_none():
    kept, undone = SiteFactory(name="Kept"), SiteFactory(name="Undone")
    with recording(context()) as recorder:
        for text in ("a", "b"):
            kept.description = text
            kept.save()
        try:
            with transaction.atomic():
                undone.description = "never"
                undone.save()
                Manufacturer.objects.create(name="Ghost", slug="ghost")
                raise RuntimeError
        except RuntimeError:
            pass
        changes = recorder.collect()
    assert [(change.object_repr, change.action) for change in changes] == [("Kept", "update")]
    assert changes[0].prechange_data["description"] == "" and changes[0].postchange_data["description"] == "b"


def test_an_object_created_and_deleted_in_one_recording_leaves_no_change():
    with recording(context()) as recorder:
        Manufacturer.objects.create(name="Brief", slug="brief").delete()
        assert recorder.collect() == []


def test_touch_records_a_queryset_update_that_sends_no_signal():
    site = SiteFactory(facility="")
    with recording(context()) as recorder:
        touch(site)
        Site.objects.filter(pk=site.pk).update(facility="DC9")
        (change,) = recorder.collect()
    assert change.prechange_data["facility"] == "" and change.postchange_data["facility"] == "DC9"


def test_a_reverse_many_to_many_change_touches_the_permission():
    someone = UserFactory()
    permission = ObjectPermissionFactory(actions=["view"])
    with recording(context()) as recorder:
        someone.object_permissions.add(permission)
        (change,) = recorder.collect()
    assert change.model is type(permission) and change.postchange_data["users"] == [str(someone.pk)]


def test_changes_outside_any_recording_are_not_logged():
    Manufacturer.objects.create(name="Quiet", slug="quiet")
    assert not ObjectChange.objects.exists()


def test_the_user_name_is_kept_when_the_user_is_deleted(admin_client):
    departing = UserFactory(username="carol")
    with recording(context(user=departing)) as recorder:
        ManufacturerFactory(name="Left behind")
        recorder.flush()
    departing.delete()
    (row,) = ObjectChange.objects.all()
    assert row.user is None and row.user_name == "carol"


def test_a_device_rename_is_recorded_with_nested_relations():
    device = DeviceFactory(name="old")
    with recording(context()) as recorder:
        Device.objects.get(pk=device.pk).__class__.objects.filter(pk=device.pk)  # no-op read
        device.name = "new"
        device.save()
        (change,) = recorder.collect()
    assert change.postchange_data["site"]["id"] == str(device.site_id)
    assert change.prechange_data["name"] == "old"


# --- the platform's own configuration ---------------------------------------------------------------------


def test_a_jobs_settings_edited_through_the_api_are_recorded(token_client, superuser, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    response = token_client(superuser).patch(f"/api/extras/jobs/{job.pk}/", {"enabled": False}, format="json")
    assert response.status_code == 200
    (change,) = changes_of(job)
    assert change.prechange_data["enabled"] is True and change.postchange_data["enabled"] is False
    assert change.user == superuser and change.change_context == "api"


def test_pausing_a_schedule_is_recorded_although_it_is_an_update_query(token_client, superuser, fixture_jobs):
    job = fixture_jobs["PassingJob"]
    schedule = ScheduledJob.objects.create(
        name="nightly", job_model=job, job_class=job.class_path, interval="daily"
    )
    response = token_client(superuser).patch(
        f"/api/extras/scheduled-jobs/{schedule.pk}/", {"enabled": False}, format="json"
    )
    assert response.status_code == 200
    (change,) = changes_of(schedule)
    assert change.prechange_data["enabled"] is True and change.postchange_data["enabled"] is False


def test_a_git_repository_is_recorded_without_its_token(token_client, superuser, worker_heartbeat):
    secret = "glpat-NeverInTheChangeLog"
    response = token_client(superuser).post(
        "/api/extras/git-repositories/",
        {"name": "Private", "remote_url": "https://git.example.com/p.git", "username": "u", "token": secret},
        format="json",
    )
    assert response.status_code == 201, response.json()
    (created,) = ObjectChange.objects.filter(changed_object_type__model="gitrepository")
    assert created.postchange_data["name"] == "Private" and created.postchange_data["has_token"] is True
    assert secret not in str(created.postchange_data) and "token_encrypted" not in created.postchange_data


@pytest.mark.django_db(transaction=True)
def test_a_requests_changes_are_written_as_their_transaction_commits_with_the_state_it_left():
    status("active")  # a transactional test may start without the default statuses: not part of this story
    with recording(context(), flush_on_commit=True) as recorder:
        with transaction.atomic():
            site = SiteFactory(name="Committed")
            site.description = "saved twice"
            site.save()
            assert not ObjectChange.objects.exists()  # not before the commit
        (created,) = ObjectChange.objects.all()
        Site.objects.filter(pk=site.pk).update(name="Renamed by someone else")  # a later, unrecorded write
        try:
            with transaction.atomic():
                ManufacturerFactory(name="Rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
        ManufacturerFactory(name="Autocommitted")  # outside a transaction: written at once
        assert ObjectChange.objects.count() == 2
        recorder.flush()  # what the middleware does at the end: nothing is left
    assert created.postchange_data["name"] == "Committed"
    assert created.postchange_data["description"] == "saved twice"  # one entry for both saves
    assert sorted(ObjectChange.objects.values_list("object_repr", flat=True)) == [
        "Autocommitted",
        "Committed",
    ]
