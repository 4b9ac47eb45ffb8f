"""Role (Nautobot 2.x: one model, given to the models of its content types) and DeviceRole (Nautobot 1.x and
NetBox: the roles that apply to devices) are one table seen two ways (issue 22)."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from dcim.models import Device, DeviceRole, Role
from ipam.models import Prefix
from tests.api_base import client_for
from tests.factories import dcim as f
from tests.factories.users import SuperuserFactory

pytestmark = pytest.mark.django_db


def role_for(name: str, *models) -> Role:
    role = Role.objects.create(name=name)
    role.content_types.add(*(ContentType.objects.get_for_model(model) for model in models))
    return role


def test_a_role_made_as_nautobot_2x_code_does_gets_a_slug_and_applies_to_its_models():
    leaf = role_for("Leaf Switch", Device)
    role_for("Loopbacks", Prefix)

    assert leaf.slug == "leaf-switch"
    assert list(Role.objects.get_for_model(Device)) == [leaf]
    # The Nautobot 1.x / NetBox view is the roles that apply to devices, from the same rows.
    assert list(DeviceRole.objects.values_list("name", flat=True)) == ["Leaf Switch"]
    assert DeviceRole.objects.get(slug="leaf-switch").pk == leaf.pk


def test_a_device_role_made_as_1x_code_does_is_a_role_for_devices():
    spine = DeviceRole.objects.create(name="Spine", slug="spine")

    role = Role.objects.get(name="Spine")
    assert role.pk == spine.pk
    assert list(role.content_types.values_list("app_label", "model")) == [("dcim", "device")]


def test_a_device_takes_its_role_by_either_name():
    leaf = role_for("Leaf", Device)
    by_role = f.DeviceFactory(name="a", role=Role.objects.get(name="Leaf"))
    by_device_role = Device(
        name="b",
        site=by_role.site,
        device_type=by_role.device_type,
        device_role=DeviceRole.objects.get(name="Leaf"),
        status=by_role.status,
    )
    by_device_role.validated_save()

    assert by_device_role.role == leaf and by_device_role.device_role == leaf
    assert set(Device.objects.filter(role__name="Leaf").values_list("name", flat=True)) == {"a", "b"}
    assert Device.objects.filter(role=leaf).count() == 2


def test_a_role_that_does_not_apply_to_devices_is_refused_on_a_device():
    only_prefixes = role_for("Aggregate", Prefix)
    device = f.DeviceFactory.build(
        role=only_prefixes, site=f.SiteFactory(), device_type=f.DeviceTypeFactory()
    )

    with pytest.raises(ValidationError) as excinfo:
        device.full_clean()
    assert "role" in excinfo.value.message_dict
    assert "does not apply to devices" in excinfo.value.message_dict["role"][0]


def test_nautobot_2x_import_path_gives_role():
    assert importlib.import_module("nautobot.extras.models").Role is Role


@pytest.mark.parametrize("by", ["pk", "name", "slug"])
def test_devices_filter_by_role_id_name_or_slug(by):
    leaf, spine = role_for("Leaf Switch", Device), role_for("Spine", Device)
    f.DeviceFactory(name="leaf-1", role=leaf)
    f.DeviceFactory(name="spine-1", role=spine)

    response = client_for(SuperuserFactory()).get("/api/dcim/devices/", {"role": str(getattr(leaf, by))})

    assert response.status_code == 200, response.content
    assert [row["name"] for row in response.json()["results"]] == ["leaf-1"]


def test_roles_api_reads_and_writes_content_types():
    client = client_for(SuperuserFactory())
    response = client.post(
        "/api/dcim/roles/",
        {"name": "Edge", "color": "ff0000", "weight": 100, "content_types": ["dcim.device", "ipam.prefix"]},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert sorted(response.json()["content_types"]) == ["dcim.device", "ipam.prefix"]
    assert DeviceRole.objects.get(name="Edge").weight == 100
    listed = client.get("/api/dcim/roles/", {"content_types": "ipam.prefix"}).json()["results"]
    assert [row["name"] for row in listed] == ["Edge"]
    # The Nautobot 1.x path lists the same role, as a device role.
    assert [row["name"] for row in client.get("/api/dcim/device-roles/").json()["results"]] == ["Edge"]


def test_nautobots_role_paths_point_to_the_roles(client):
    superuser = SuperuserFactory()
    response = client_for(superuser).get("/api/extras/roles/", {"name": "Edge"})
    assert (response.status_code, response["Location"]) == (308, "/api/dcim/roles/?name=Edge")
    client.force_login(superuser)
    page = client.get("/extras/roles/")
    assert (page.status_code, page["Location"]) == (308, "/dcim/roles/")
