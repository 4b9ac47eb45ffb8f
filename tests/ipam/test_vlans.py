"""VLAN groups and VLANs: uniqueness within a group, the ID range, the next free ID, Nautobot's names, filters
and the REST API's 400s."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dcim.models import Location
from ipam.choices import VLANStatusChoices
from ipam.models import VLAN, Prefix, VLANGroup
from tests.api_errors import assert_error_shape
from tests.factories.dcim import DeviceFactory, RoleFactory, SiteFactory, status
from tests.factories.ipam import PrefixFactory, VLANFactory, VLANGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


def url(name: str, **kwargs) -> str:
    return reverse(f"ipam-api:{name}", kwargs=kwargs or None)


# --- Model rules ------------------------------------------------------------------------------------------
def test_a_vlan_without_status_is_active_as_netbox_defaults_it():
    status("active")
    vlan = VLAN(vid=10, name="users")
    vlan.validated_save()
    assert vlan.status.slug == VLANStatusChoices.STATUS_ACTIVE


def test_a_vlan_takes_netboxs_status_values_as_strings_and_refuses_another_models_status():
    status("reserved")
    vlan = VLAN(vid=11, name="spare", status=VLANStatusChoices.STATUS_RESERVED)
    vlan.validated_save()
    assert vlan.status.slug == "reserved"
    assert VLAN.objects.filter(status="reserved").get() == vlan
    vlan.status = status("planned")  # a site's and a device's status, not a VLAN's
    with pytest.raises(ValidationError) as error:
        vlan.full_clean()
    assert list(error.value.message_dict) == ["status"]


@pytest.mark.parametrize("vid", [0, 4095, 5000])
def test_a_vid_outside_1_to_4094_is_refused(vid):
    with pytest.raises(ValidationError) as error:
        VLANFactory.build(vid=vid).full_clean()
    assert list(error.value.message_dict) == ["vid"]


def test_vid_and_name_are_unique_within_a_group_only():
    group, other = VLANGroupFactory(), VLANGroupFactory()
    VLANFactory(group=group, vid=100, name="users")
    with pytest.raises(ValidationError) as error:
        VLANFactory.build(group=group, vid=100, name="voice").full_clean()
    assert error.value.message_dict == {"vid": [f"VLAN ID 100 is already taken in group {group}."]}
    with pytest.raises(ValidationError) as error:
        VLANFactory.build(group=group, vid=101, name="users").full_clean()
    assert error.value.message_dict == {"name": [f'A VLAN named "users" is already in group {group}.']}
    VLANFactory(group=other, vid=100, name="users").full_clean()  # another group
    VLANFactory(vid=100, name="users")  # no group: global VLANs may repeat
    VLANFactory(vid=100, name="users")


def test_a_vid_outside_the_groups_range_is_refused_and_the_range_reads_both_ways():
    group = VLANGroupFactory(min_vid=100, max_vid=199)
    assert (group.range, group.vid_ranges) == ("100-199", [(100, 199)])
    with pytest.raises(ValidationError) as error:
        VLANFactory.build(group=group, vid=200).full_clean()
    assert "outside group" in error.value.message_dict["vid"][0]
    nautobot = VLANGroup(name="Voice", range="300-349")
    assert (nautobot.min_vid, nautobot.max_vid) == (300, 349)
    with pytest.raises(ValidationError):
        VLANGroup(name="Bad", range="lots")


def test_a_group_cannot_shrink_below_its_vlans():
    group = VLANGroupFactory(min_vid=1, max_vid=4094)
    VLANFactory(group=group, vid=300)
    group.max_vid = 200
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "300" in error.value.message_dict["max_vid"][0]


def test_get_next_available_vid_and_nautobots_available_vids():
    group = VLANGroupFactory(min_vid=10, max_vid=13)
    VLANFactory(group=group, vid=10)
    VLANFactory(group=group, vid=12)
    assert group.get_next_available_vid() == 11
    assert group.get_available_vids() == group.available_vids == [11, 13]
    VLANFactory(group=group, vid=11)
    VLANFactory(group=group, vid=13)
    assert group.get_next_available_vid() is None


def test_nautobot_names_vlan_group_and_location_are_served():
    site = SiteFactory()
    group = VLANGroupFactory(location=Location.objects.get(site=site))
    assert group.site == site  # placed from the location, as a device is
    vlan = VLAN(vlan_group=group, vid=5, name="mgmt", location=group.location, status=status("active"))
    vlan.validated_save()
    assert (vlan.group, vlan.site) == (group, site)
    assert VLAN.objects.get(vlan_group=group) == vlan
    assert list(VLAN.objects.filter(vlan_group__name=group.name)) == [vlan]
    assert group.scope == group.location


def test_a_role_must_apply_to_vlans():
    device_role = RoleFactory()
    with pytest.raises(ValidationError) as error:
        VLANFactory.build(role=device_role).full_clean()
    assert "does not apply to VLANs" in error.value.message_dict["role"][0]
    VLANFactory.build(role=RoleFactory(applies_to=[VLAN])).full_clean()


def test_a_prefix_is_on_a_vlan():
    vlan = VLANFactory()
    prefix = PrefixFactory(vlan=vlan)
    assert list(vlan.prefixes.all()) == [prefix]
    vlan.delete()
    assert Prefix.objects.get(pk=prefix.pk).vlan is None


# --- Filters and REST API ---------------------------------------------------------------------------------
def test_vlan_filters(admin):
    site, elsewhere = SiteFactory(), SiteFactory()
    group = VLANGroupFactory(site=site)
    role = RoleFactory(applies_to=[VLAN])
    in_group = VLANFactory(group=group, vid=10, role=role)
    at_site = VLANFactory(site=site, vid=20, status=status("reserved"))
    global_vlan = VLANFactory(vid=30)
    VLANFactory(site=elsewhere, vid=40)

    def ids(**params) -> set[str]:
        response = admin.get(url("vlan-list"), params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids(vid=10) == {str(in_group.pk)}
    assert ids(group_id=group.pk) == ids(vlan_group=group.slug) == {str(in_group.pk)}
    assert ids(site=site.slug) == {str(at_site.pk)}
    assert ids(role=role.slug) == {str(in_group.pk)}
    assert ids(status="reserved") == {str(at_site.pk)}
    device = DeviceFactory(site=site)
    assert ids(available_on_device=device.pk) == {str(in_group.pk), str(at_site.pk), str(global_vlan.pk)}


def test_vlan_api_round_trip_and_clashes_are_400s_naming_the_field(admin):
    group = VLANGroupFactory()
    payload = {"vid": 100, "name": "users", "group": str(group.pk), "status": "active"}
    created = admin.post(url("vlan-list"), payload, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["vid"], body["group"]["id"], body["status"]["slug"]) == (100, str(group.pk), "active")

    clash = admin.post(url("vlan-list"), {**payload, "name": "voice"}, format="json")
    assert assert_error_shape(clash, 400, ["vid"])["errors"]["vid"] == [
        f"VLAN ID 100 is already taken in group {group}."
    ]
    clash = admin.post(url("vlan-list"), {**payload, "vid": 101}, format="json")
    assert_error_shape(clash, 400, ["name"])
    out_of_range = admin.post(url("vlan-list"), {**payload, "vid": 4095}, format="json")
    assert_error_shape(out_of_range, 400, ["vid"])


def test_vlan_group_api_serves_nautobots_range(admin):
    response = admin.post(
        url("vlangroup-list"), {"name": "Access", "min_vid": 100, "max_vid": 199}, format="json"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["slug"], response.json()["range"]) == ("access", "100-199")
    bad = admin.post(url("vlangroup-list"), {"name": "Bad", "min_vid": 300, "max_vid": 200}, format="json")
    assert_error_shape(bad, 400, ["max_vid"])


def test_vlan_pages(admin_client):
    vlan = VLANFactory(group=VLANGroupFactory(), vid=42, name="printers")
    PrefixFactory(vlan=vlan)
    assert admin_client.get(vlan.get_absolute_url()).status_code == 200
    assert admin_client.get(vlan.group.get_absolute_url()).status_code == 200
    data = {"vid": 43, "name": "printers", "group": vlan.group.pk, "status": status("active").pk}
    response = admin_client.post(reverse("ipam:vlan_add"), data)
    assert response.context["form"].errors == {
        "name": [f'A VLAN named "printers" is already in group {vlan.group}.']
    }


def test_a_global_vlan_is_created_through_the_api_without_a_group(admin):
    status("active")
    for _ in range(2):  # global VLANs may share an ID
        response = admin.post(url("vlan-list"), {"vid": 7, "name": "native"}, format="json")
        assert response.status_code == 201, response.content
    assert VLAN.objects.filter(vid=7, group=None).count() == 2
