"""VLANs on interfaces (a device's and a VM's): the 802.1Q mode's rules at the model, the form and the REST API,
the clearing of VLANs a mode change leaves, the `vlan`/`vlan_id`/`mode` filters."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dcim.choices import InterfaceModeChoices
from dcim.models import Interface
from tests.api_errors import assert_error_shape
from tests.factories.dcim import DeviceFactory, InterfaceFactory, SiteFactory
from tests.factories.ipam import VLANFactory, VLANGroupFactory
from tests.factories.virtualization import VMInterfaceFactory
from virtualization.models import VMInterface

pytestmark = pytest.mark.django_db

ACCESS, TAGGED, TAGGED_ALL = (
    InterfaceModeChoices.MODE_ACCESS,
    InterfaceModeChoices.MODE_TAGGED,
    InterfaceModeChoices.MODE_TAGGED_ALL,
)


@pytest.fixture
def admin(db, superuser, token_client):
    return token_client(superuser)


@pytest.fixture
def switchport():
    return InterfaceFactory(device=DeviceFactory(site=SiteFactory()))


def test_clearing_the_mode_clears_the_vlans(switchport):
    users, voice = VLANFactory(site=switchport.device.site), VLANFactory()
    switchport.mode, switchport.untagged_vlan = TAGGED, users
    switchport.validated_save()
    switchport.tagged_vlans.set([voice])
    switchport.mode = ACCESS  # access keeps its untagged VLAN, loses the tagged ones
    switchport.validated_save()
    assert (switchport.untagged_vlan, list(switchport.tagged_vlans.all())) == (users, [])
    switchport.mode = ""
    switchport.validated_save()
    switchport.refresh_from_db()
    assert switchport.untagged_vlan is None


def test_a_vlan_at_another_site_is_refused_a_global_one_or_one_of_a_site_group_is_not(switchport):
    switchport.mode = ACCESS
    switchport.untagged_vlan = VLANFactory(site=SiteFactory())
    with pytest.raises(ValidationError) as error:
        switchport.full_clean()
    assert "must be at the interface's site" in error.value.message_dict["untagged_vlan"][0]
    switchport.untagged_vlan = VLANFactory()
    switchport.full_clean()
    switchport.untagged_vlan = VLANFactory(group=VLANGroupFactory(site=switchport.device.site))
    switchport.full_clean()


def test_the_api_round_trips_tagged_vlans_and_filters_by_vlan_and_mode(admin, switchport):
    native, users, voice = VLANFactory(vid=1), VLANFactory(vid=10), VLANFactory(vid=20)
    detail = reverse("dcim-api:interface-detail", kwargs={"pk": switchport.pk})
    payload = {"mode": TAGGED, "untagged_vlan": str(native.pk), "tagged_vlans": [str(users.pk), {"vid": 20}]}
    response = admin.patch(detail, payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["mode"]["value"] == TAGGED
    assert body["untagged_vlan"]["vid"] == 1
    assert sorted(vlan["vid"] for vlan in body["tagged_vlans"]) == [10, 20]
    assert set(switchport.tagged_vlans.all()) == {users, voice}
    # Its own representation, written back by ids, changes nothing.
    ids = {"device": body["device"]["id"], "untagged_vlan": body["untagged_vlan"]["id"]}
    tagged = [vlan["id"] for vlan in body["tagged_vlans"]]
    again = admin.put(detail, {**body, **ids, "tagged_vlans": tagged}, format="json")
    assert again.status_code == 200, again.content
    assert set(switchport.tagged_vlans.all()) == {users, voice}

    other = InterfaceFactory(device=switchport.device, mode=ACCESS, untagged_vlan=users)
    InterfaceFactory(device=switchport.device)
    listing = reverse("dcim-api:interface-list")

    def names(**params) -> set[str]:
        response = admin.get(listing, params)
        assert response.status_code == 200, response.content
        return {row["name"] for row in response.json()["results"]}

    assert names(vlan_id=users.pk) == {switchport.name, other.name}
    assert names(vlan=20) == {switchport.name}
    assert names(mode=ACCESS) == {other.name}
    assert names(untagged_vlan_id=native.pk) == {switchport.name}
    assert_error_shape(admin.get(listing, {"vlan_id": "not-a-uuid"}), 400, ["vlan_id"])


@pytest.mark.parametrize("mode", [ACCESS, TAGGED_ALL, ""])
def test_tagged_vlans_outside_tagged_mode_are_a_400(admin, switchport, mode):
    detail = reverse("dcim-api:interface-detail", kwargs={"pk": switchport.pk})
    response = admin.patch(detail, {"mode": mode, "tagged_vlans": [str(VLANFactory().pk)]}, format="json")
    body = assert_error_shape(response, 400, ["tagged_vlans"])
    assert body["errors"]["tagged_vlans"][0].startswith('Tagged VLANs need the "tagged" mode')
    assert switchport.tagged_vlans.count() == 0


def test_a_tagged_vlan_of_another_site_is_a_400(admin, switchport):
    detail = reverse("dcim-api:interface-detail", kwargs={"pk": switchport.pk})
    elsewhere = VLANFactory(site=SiteFactory())
    response = admin.patch(detail, {"mode": TAGGED, "tagged_vlans": [str(elsewhere.pk)]}, format="json")
    assert_error_shape(response, 400, ["tagged_vlans"])


def test_the_form_refuses_tagged_vlans_in_access_mode_and_saves_them_in_tagged_mode(admin_client, switchport):
    vlan = VLANFactory()
    data = {
        "device": switchport.device.pk,
        "name": switchport.name,
        "type": switchport.type,
        "enabled": "on",
        "mode": ACCESS,
        "tagged_vlans": [vlan.pk],
    }
    edit = reverse("dcim:interface_edit", kwargs={"pk": switchport.pk})
    refused = admin_client.post(edit, data)
    assert refused.status_code == 200
    assert "tagged_vlans" in refused.context["form"].errors
    assert admin_client.post(edit, {**data, "mode": TAGGED}).status_code == 302
    assert list(Interface.objects.get(pk=switchport.pk).tagged_vlans.all()) == [vlan]
    page = admin_client.get(switchport.get_absolute_url())
    assert page.status_code == 200 and "Tagged VLANs" in page.content.decode()


def test_a_vm_interface_takes_vlans_with_the_same_rules(admin):
    interface = VMInterfaceFactory()
    users = VLANFactory()
    detail = reverse("virtualization-api:vminterface-detail", kwargs={"pk": interface.pk})
    response = admin.patch(detail, {"mode": TAGGED, "tagged_vlans": [str(users.pk)]}, format="json")
    assert response.status_code == 200, response.content
    assert [vlan["id"] for vlan in response.json()["tagged_vlans"]] == [str(users.pk)]
    refused = admin.patch(detail, {"mode": ACCESS, "tagged_vlans": [str(users.pk)]}, format="json")
    assert_error_shape(refused, 400, ["tagged_vlans"])
    assert admin.patch(detail, {"mode": ACCESS}, format="json").status_code == 200
    assert VMInterface.objects.get(pk=interface.pk).tagged_vlans.count() == 0
    listing = reverse("virtualization-api:vminterface-list")
    assert admin.get(listing, {"vlan": users.vid}).json()["count"] == 0
