"""LocationType and Location, Nautobot 2.x's tree of places (issue 22): a location's parent must be of its
type's parent type (or of its own type when that nests), names are unique under a parent, and a device may
only be placed in a location whose type allows devices."""

from __future__ import annotations

import importlib

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from dcim.models import Device, Location, LocationType
from ipam.models import Prefix
from tests.api_base import client_for
from tests.factories import dcim as f
from tests.factories.users import SuperuserFactory

pytestmark = pytest.mark.django_db


def location_type(
    name: str, parent: LocationType | None = None, *models, nestable: bool = False
) -> LocationType:
    kind = LocationType.objects.create(name=name, parent=parent, nestable=nestable)
    kind.content_types.add(*(ContentType.objects.get_for_model(model) for model in models))
    return kind


@pytest.fixture
def tree():
    """Below the site HQ's location: Campus (nestable) ← Building ← Floor (holds devices and prefixes)."""
    hq = f.SiteFactory(name="HQ").location
    campus = location_type("Campus", hq.location_type, Prefix, nestable=True)
    building = location_type("Building", campus)
    floor = location_type("Floor", building, Device, Prefix)
    active = f.status("active")
    north = Location.objects.create(name="North", location_type=campus, parent=hq, status=active)
    b1 = Location.objects.create(name="B1", location_type=building, parent=north, status=active)
    return {
        "campus": campus,
        "building": building,
        "floor": floor,
        "north": north,
        "b1": b1,
        "floor1": Location.objects.create(name="Floor 1", location_type=floor, parent=b1, status=active),
    }


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


def test_a_parent_must_be_of_the_types_parent_type(tree):
    wrong = Location(name="F2", location_type=tree["floor"], parent=tree["north"], status=f.status("active"))
    assert "Building" in errors_of(wrong)["parent"][0]

    orphan = Location(name="F3", location_type=tree["floor"], status=f.status("active"))
    assert "parent" in errors_of(orphan)

    Location(
        name="F2", location_type=tree["floor"], parent=tree["b1"], status=f.status("active")
    ).full_clean()


def test_a_nestable_type_nests_in_itself_and_others_do_not(tree):
    """North (a campus) is under the site HQ; a campus may be under another campus too."""
    south = Location(
        name="South", location_type=tree["campus"], parent=tree["north"], status=f.status("active")
    )
    south.full_clean()
    inner = Location(name="B1a", location_type=tree["building"], parent=tree["b1"], status=f.status("active"))
    assert "parent" in errors_of(inner)


def test_a_location_cannot_be_below_itself(tree):
    north = tree["north"]
    north.parent = Location.objects.create(
        name="Inner", location_type=tree["campus"], parent=north, status=f.status("active")
    )
    assert "parent" in errors_of(north)


def test_a_type_cannot_be_below_itself(tree):
    campus = tree["campus"]
    campus.parent = tree["floor"]
    assert "parent" in errors_of(campus)


def test_names_are_unique_under_a_parent_but_not_across_parents(tree):
    same = Location(name="Floor 1", location_type=tree["floor"], parent=tree["b1"], status=f.status("active"))
    assert errors_of(same)
    b2 = Location.objects.create(
        name="B2", location_type=tree["building"], parent=tree["north"], status=f.status("active")
    )
    Location(name="Floor 1", location_type=tree["floor"], parent=b2, status=f.status("active")).full_clean()
    top = Location(name="HQ", location_type=LocationType.objects.get(name="Site"), status=f.status("active"))
    assert errors_of(top)  # two top-level locations of one name are refused too


def test_get_by_name_ancestors_and_descendants(tree):
    floor1 = Location.objects.get(name="Floor 1")
    # From the top down, a queryset, as Nautobot's tree queries give them.
    assert list(floor1.ancestors()) == [tree["north"].parent, tree["north"], tree["b1"]]
    assert list(floor1.ancestors(include_self=True).filter(location_type__name="Floor")) == [floor1]
    assert list(tree["north"].parent.ancestors()) == []
    assert set(tree["north"].descendants()) == {tree["b1"], floor1}
    assert Location.objects.filter(location_type__name="Floor").get() == floor1


def test_a_device_may_only_be_placed_where_its_type_allows_devices(tree):
    device = f.DeviceFactory()
    device.location = tree["b1"]
    message = errors_of(device)["location"][0]
    assert "Building" in message and "devices" in message

    device.location = tree["floor1"]
    device.full_clean()


def test_devices_filter_by_location_including_those_below(tree):
    device = f.DeviceFactory(name="edge-1", location=tree["floor1"])
    f.DeviceFactory(name="elsewhere")

    assert list(Device.objects.filter(location__name="Floor 1")) == [device]
    assert list(Device.objects.filter(location=tree["floor1"])) == [device]
    client = client_for(SuperuserFactory())
    for value in (tree["floor1"].pk, "Floor 1", "North"):
        response = client.get("/api/dcim/devices/", {"location": str(value)})
        assert response.status_code == 200, response.content
        assert [row["name"] for row in response.json()["results"]] == ["edge-1"], value
    assert client.get("/api/dcim/devices/", {"location": "Nowhere"}).status_code == 400


def test_location_api_filters_by_type_parent_and_content_types(tree):
    client = client_for(SuperuserFactory())

    def names(**query):
        response = client.get("/api/dcim/locations/", query)
        assert response.status_code == 200, response.content
        return sorted(row["name"] for row in response.json()["results"])

    assert names(location_type="Floor") == ["Floor 1"]
    assert names(location_type=str(tree["building"].pk)) == ["B1"]
    assert names(parent="North") == ["B1"]
    assert names(content_type="dcim.device") == ["Floor 1", "HQ"]  # HQ: a site's location holds devices
    types = client.get("/api/dcim/location-types/", {"content_types": "dcim.device"}).json()["results"]
    assert [row["name"] for row in types] == ["Floor", "Site"]


def test_location_types_and_locations_are_written_through_the_api(tree):
    client = client_for(SuperuserFactory())
    response = client.post(
        "/api/dcim/location-types/",
        {
            "name": "Room",
            "parent": str(tree["floor"].pk),
            "content_types": ["dcim.device"],
            "nestable": False,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    room_type = response.json()
    response = client.post(
        "/api/dcim/locations/",
        {
            "name": "R101",
            "location_type": room_type["id"],
            "parent": str(tree["floor1"].pk),
            "status": "active",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Location.objects.get(name="R101").parent == tree["floor1"]
    refused = client.post(
        "/api/dcim/locations/",
        {
            "name": "R102",
            "location_type": room_type["id"],
            "parent": str(tree["north"].pk),
            "status": "active",
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "parent" in refused.json()["errors"]


def test_nautobot_2x_import_path_gives_locations():
    module = importlib.import_module("nautobot.dcim.models")
    assert (module.Location, module.LocationType) == (Location, LocationType)
