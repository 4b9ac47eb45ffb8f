"""Status fields take NetBox's status values (slugs) as well as Status objects: assignment, filters, API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dcim.choices import DEFAULT_STATUSES, DeviceStatusChoices, SiteStatusChoices
from dcim.fields import UnknownStatus
from dcim.models import ConsolePort, Device, Site, Status
from ipam.choices import IPAddressStatusChoices
from ipam.models import IPAddress
from tests.api_base import assert_status
from tests.api_errors import assert_error_shape
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def statuses(db):
    """Every default status (a flush in an earlier transactional test may have removed the migration's)."""
    return {slug: f.status(slug) for slug in DEFAULT_STATUSES}


def test_a_site_built_with_a_status_value_gets_that_status(statuses):
    site = Site(name="Branch 7", slug="branch-7", status=SiteStatusChoices.STATUS_PLANNED)
    site.full_clean()
    site.save()

    site.refresh_from_db()
    assert site.status == statuses["planned"]
    assert site.status_id == statuses["planned"].pk


def test_a_status_value_can_be_assigned_created_and_updated(statuses):
    device = f.DeviceFactory(status=statuses["active"])
    device.status = DeviceStatusChoices.STATUS_OFFLINE
    device.save()
    assert Device.objects.get(pk=device.pk).status.slug == "offline"

    Device.objects.filter(pk=device.pk).update(status=DeviceStatusChoices.STATUS_FAILED)
    assert Device.objects.get(pk=device.pk).status.slug == "failed"

    site = Site.objects.create(name="Created", slug="created", status="retired")
    assert site.status.slug == "retired"


def test_filters_take_status_values_directly_and_across_relations(statuses):
    active = f.DeviceFactory(status=statuses["active"])
    planned = f.DeviceFactory(status=statuses["planned"])
    port = f.ConsolePortFactory(device=active)
    f.ConsolePortFactory(device=planned)

    assert list(Device.objects.filter(status=DeviceStatusChoices.STATUS_ACTIVE)) == [active]
    assert list(Device.objects.exclude(status="active")) == [planned]
    assert set(Device.objects.filter(status__in=["active", "planned"])) == {active, planned}
    assert list(ConsolePort.objects.filter(device__status="active")) == [port]


def test_status_objects_and_primary_keys_keep_working(statuses):
    active = f.DeviceFactory(status=statuses["active"])
    f.DeviceFactory(status=statuses["planned"])

    assert list(Device.objects.filter(status=statuses["active"])) == [active]
    assert list(Device.objects.filter(status=str(statuses["active"].pk))) == [active]
    assert list(Device.objects.filter(status__in=[statuses["active"].pk])) == [active]
    assert list(Device.objects.filter(status__slug="active")) == [active]


def test_an_unknown_value_names_the_values_that_would_work():
    with pytest.raises(UnknownStatus) as assigning:
        Site(name="x", slug="x", status="actve")
    message = str(assigning.value)
    assert message.startswith('"actve" is not a status of site objects; use one of:')
    for value in SiteStatusChoices.values():
        assert value in message

    with pytest.raises(ValueError, match='"bogus" is not a status of device objects'):
        list(Device.objects.filter(status="bogus"))


def test_a_status_of_another_model_is_refused_by_name():
    """`retired` exists, but only for sites."""
    with pytest.raises(UnknownStatus, match="use one of: active, decommissioning, failed, inventory"):
        f.DeviceFactory.build(status="retired")


def test_every_netbox_status_value_names_a_status_of_its_model():
    for model, choices in (
        (Site, SiteStatusChoices),
        (Device, DeviceStatusChoices),
        ("ipaddress", IPAddressStatusChoices),
    ):
        model = IPAddress if model == "ipaddress" else model
        allowed = set(Status.objects.get_for_model(model).values_list("slug", flat=True))
        assert set(choices.values()) <= allowed, model


def test_a_status_compares_equal_to_its_value_and_displays_its_name(statuses):
    device = f.DeviceFactory(status=statuses["active"])

    assert device.status == DeviceStatusChoices.STATUS_ACTIVE
    assert device.status != "planned"
    assert device.get_status_display() == "Active"
    assert device.get_status_color() == "4caf50"
    assert {statuses["active"], statuses["active"]} == {statuses["active"]}  # still hashable by key


def test_snapshot_keeps_the_values_before_an_edit(statuses):
    site = f.SiteFactory(name="Before", status=statuses["active"])
    before = site.snapshot()
    site.name = "After"
    site.status = "planned"

    assert site._prechange_snapshot is before
    assert before["name"] == "Before"
    assert str(statuses["active"].pk) in str(before["status"])  # as the REST API shows it


# --- REST API ------------------------------------------------------------------------------------


@pytest.fixture
def admin(superuser, token_client):
    return token_client(superuser)


def device_payload(status) -> dict:
    return {
        "name": "edge-9",
        "site": str(f.SiteFactory().pk),
        "device_type": str(f.DeviceTypeFactory().pk),
        "role": str(f.DeviceRoleFactory().pk),
        "status": status,
    }


def test_the_api_accepts_a_status_slug_as_nautobot_1x_does(admin, statuses):
    response = admin.post(reverse("dcim-api:device-list"), device_payload("active"), format="json")

    assert_status(response, 201)
    assert response.json()["status"]["slug"] == "active"


def test_the_api_still_accepts_a_status_id_or_lookups(admin, statuses):
    by_id = admin.post(
        reverse("dcim-api:device-list"), device_payload(str(statuses["staged"].pk)), format="json"
    )
    assert_status(by_id, 201)
    payload = {**device_payload({"slug": "planned"}), "name": "edge-10"}
    assert_status(admin.post(reverse("dcim-api:device-list"), payload, format="json"), 201)


def test_the_api_names_the_allowed_values_for_an_unknown_status_slug(admin, statuses):
    response = admin.post(
        reverse("dcim-api:site-list"), {"name": "S", "slug": "s", "status": "inventory"}, format="json"
    )

    body = assert_error_shape(response, 400, ["status"])
    assert body["errors"]["status"][0].startswith('"inventory" is not a status of site objects; use one of:')
