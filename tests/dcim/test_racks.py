"""Site groups, racks, devices in racks and rack reservations, as NetBox and Nautobot 2.x job code uses them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from dcim.choices import (
    DEFAULT_STATUSES,
    DeviceFaceChoices,
    RackStatusChoices,
    RackTypeChoices,
    RackWidthChoices,
    SubdeviceRoleChoices,
)
from dcim.models import Device, Location, LocationType, Rack, RackGroup, RackReservation, RackRole, Site
from tests.api_base import assert_status
from tests.factories import dcim as f
from tests.factories.tenancy import TenantFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

FRONT, REAR = DeviceFaceChoices.FACE_FRONT, DeviceFaceChoices.FACE_REAR


@pytest.fixture(autouse=True)
def statuses(db):
    return {slug: f.status(slug) for slug in DEFAULT_STATUSES}


@pytest.fixture
def site():
    return f.SiteFactory(name="Paris")


@pytest.fixture
def rack(site):
    return f.RackFactory(name="R1", site=site, u_height=10)


def one_u(**kwargs):
    return f.DeviceTypeFactory(u_height=1, **kwargs)


def mount(rack, position, face=FRONT, device_type=None, **kwargs) -> Device:
    device = Device(
        name=kwargs.pop("name", f"dev-{position}-{face}"),
        site=rack.site,
        rack=rack,
        position=position,
        face=face,
        device_type=device_type or one_u(),
        role=f.DeviceRoleFactory(),
        status="active",
        **kwargs,
    )
    device.validated_save()
    return device


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


# --- Site groups ---------------------------------------------------------------------------------------
def test_sites_filter_by_site_group_including_the_groups_below(admin_api):
    edge = f.SiteGroupFactory(name="Edge", slug="edge")
    pops = f.SiteGroupFactory(name="POPs", slug="pops", parent=edge)
    inside = f.SiteFactory(name="Lyon POP", group=pops)
    top = f.SiteFactory(name="Edge HQ", group=edge)
    f.SiteFactory(name="Elsewhere")

    for query in ("group=edge", f"group_id={edge.pk}"):
        body = admin_api.get(f"/api/dcim/sites/?{query}").json()
        assert {item["name"] for item in body["results"]} == {inside.name, top.name}, query
    body = admin_api.get("/api/dcim/sites/?group=pops").json()
    assert [item["name"] for item in body["results"]] == ["Lyon POP"]


def test_deleting_a_site_group_leaves_its_sites_ungrouped_as_netbox_does():
    group = f.SiteGroupFactory()
    site = f.SiteFactory(group=group)
    group.delete()
    site.refresh_from_db()
    assert site.group is None


def test_a_site_group_is_never_placed_below_itself():
    top = f.SiteGroupFactory()
    below = f.SiteGroupFactory(parent=top)
    top.parent = below
    assert "parent" in errors_of(top)


# --- Racks ---------------------------------------------------------------------------------------------
def test_a_rack_made_as_netbox_code_makes_it_defaults_to_42u_19in_active(site):
    rack = Rack(name="R42", site=site)
    rack.full_clean()
    rack.save()
    assert (rack.u_height, rack.width, rack.status.slug) == (42, RackWidthChoices.WIDTH_19IN, "active")
    assert rack.location == site.location  # the 2.x view: at the site's location
    rack.status = RackStatusChoices.STATUS_RESERVED
    rack.type = RackTypeChoices.TYPE_CABINET
    rack.validated_save()
    assert Rack.objects.get(status=RackStatusChoices.STATUS_RESERVED).form_factor == "4-post-cabinet"


def test_a_rack_made_as_nautobot_2_code_makes_it_takes_a_location_and_a_rack_group(site):
    from nautobot.dcim.models import Rack as NautobotRack
    from nautobot.dcim.models import RackGroup as NautobotRackGroup

    assert (NautobotRack, NautobotRackGroup) == (Rack, RackGroup)
    building = Location.objects.create(
        name="DC1",
        location_type=LocationType.objects.create(
            name="Building", parent=LocationType.objects.get(name="Site")
        ),
        parent=site.location,
        status="active",
    )
    group = RackGroup(name="Row A", location=building)
    group.validated_save()
    rack = NautobotRack(
        name="A1", location=building, rack_group=group, status=RackStatusChoices.STATUS_PLANNED
    )
    rack.validated_save()
    assert (rack.site, rack.group, group.site) == (site, group, site)
    assert list(site.racks.all()) == [rack] and list(group.racks.all()) == [rack]


def test_a_racks_location_must_be_at_its_site(site):
    other = f.SiteFactory(name="Berlin")
    rack = Rack(name="R1", site=site, location=other.location)
    assert "location" in errors_of(rack)


def test_a_racks_group_must_be_at_its_location_or_above(site):
    other = f.SiteFactory(name="Berlin")
    group = f.RackGroupFactory(site=other)
    rack = Rack(name="R1", site=site, group=group)
    assert "group" in errors_of(rack)
    rack.group = f.RackGroupFactory(site=site)
    rack.full_clean()


def test_rack_names_are_unique_per_location_and_per_group(site):
    group = f.RackGroupFactory(site=site)
    f.RackFactory(name="R1", site=site, group=group)
    assert "__all__" in errors_of(Rack(name="R1", site=site))
    f.RackFactory(name="R1", site=f.SiteFactory())  # another site: fine


def test_outer_dimensions_need_a_unit(site):
    rack = Rack(name="R1", site=site, outer_width=600)
    assert "outer_unit" in errors_of(rack)


def test_a_rack_role_is_a_role_that_applies_to_racks(site):
    role = RackRole.objects.create(name="Compute", slug="compute", color="2196f3")
    rack = f.RackFactory(site=site, role=role)
    assert rack.role.content_types.filter(model="rack").exists()
    assert list(RackRole.objects.all()) == [role]
    device_only = f.RoleFactory()
    assert "role" in errors_of(Rack(name="X", site=site, role=device_only))


# --- Devices in racks ----------------------------------------------------------------------------------
def test_device_types_have_netbox_rack_fields_and_subdevice_roles():
    chassis = f.DeviceTypeFactory()
    assert (chassis.u_height, chassis.is_full_depth, chassis.subdevice_role) == (Decimal("1.0"), True, "")
    chassis.subdevice_role = SubdeviceRoleChoices.ROLE_PARENT
    assert chassis.is_parent_device and not chassis.is_child_device
    blade = f.DeviceTypeFactory(subdevice_role=SubdeviceRoleChoices.ROLE_CHILD, u_height=1)
    assert blade.is_child_device
    assert "u_height" in errors_of(blade)


def test_a_device_is_mounted_at_a_position_and_face(rack):
    device = mount(rack, 5, device_type=f.DeviceTypeFactory(u_height=2))
    device.refresh_from_db()
    assert (device.rack, device.position, device.face) == (rack, Decimal("5.0"), FRONT)
    assert list(Device.objects.filter(rack=rack)) == [device]


def test_a_device_must_lie_within_the_racks_units(rack):
    two_u = f.DeviceTypeFactory(u_height=2)
    with pytest.raises(ValidationError) as caught:
        mount(rack, 10, device_type=two_u)
    assert "position" in caught.value.message_dict
    mount(rack, 9, device_type=two_u)  # takes 9 and 10, the top


def test_devices_may_not_overlap_on_a_face_nor_with_a_full_depth_device(rack):
    half_depth = f.DeviceTypeFactory(u_height=1, is_full_depth=False)
    mount(rack, 1, FRONT, device_type=half_depth)
    mount(rack, 1, REAR, device_type=half_depth)  # the other face of the same unit
    with pytest.raises(ValidationError, match="already occupied"):
        mount(rack, 1, FRONT, device_type=half_depth, name="again")
    mount(rack, 3, FRONT, device_type=f.DeviceTypeFactory(u_height=2))  # full depth: 3 and 4, both faces
    with pytest.raises(ValidationError, match="already occupied"):
        mount(rack, 4, REAR, device_type=half_depth, name="behind")


def test_moving_a_device_within_its_rack_does_not_collide_with_itself(rack):
    device = mount(rack, 2, device_type=f.DeviceTypeFactory(u_height=3))
    device.position = 3
    device.validated_save()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rack": None, "position": 3}, "position"),
        ({"rack": None, "face": FRONT}, "face"),
        ({"face": ""}, "face"),
        ({"position": Decimal("2.3")}, "position"),
    ],
)
def test_a_position_needs_a_rack_and_a_face(rack, changes, field):
    device = f.DeviceFactory(site=rack.site, rack=rack, position=2, face=FRONT, device_type=one_u())
    for name, value in changes.items():
        setattr(device, name, value)
    assert field in errors_of(device)


def test_a_racks_site_must_be_the_devices_site(rack):
    device = f.DeviceFactory(site=f.SiteFactory(name="Elsewhere"))
    device.rack = rack
    assert "rack" in errors_of(device)


def test_a_child_device_takes_no_rack_position(rack):
    blade = f.DeviceTypeFactory(u_height=0, subdevice_role=SubdeviceRoleChoices.ROLE_CHILD)
    device = f.DeviceFactory(site=rack.site, rack=rack, device_type=blade)
    device.full_clean()  # in the rack without a position: fine
    device.position, device.face = 4, FRONT
    assert "face" in errors_of(device)


def test_available_units_and_utilization_as_netbox_and_nautobot_read_them(rack):
    mount(rack, 1, device_type=f.DeviceTypeFactory(u_height=2))
    mount(rack, 5, REAR, device_type=f.DeviceTypeFactory(u_height=1, is_full_depth=False))
    RackReservation.objects.create(rack=rack, units=[9, 10], user=UserFactory(), description="Project X")

    front = rack.get_available_units(u_height=1, rack_face=FRONT)
    assert front[0] == 3 and Decimal(5) in front and Decimal(1) not in front and Decimal("1.5") not in front
    assert Decimal(5) not in rack.get_available_units(face=REAR)
    assert Decimal(5) not in rack.get_available_units()  # no face: a full-depth device needs both
    assert 10 in rack.get_available_units()  # reservations do not stop a device, as in NetBox
    assert rack.get_available_units(u_height=4, rack_face=FRONT) == [
        Decimal(n) for n in ("3", "3.5", "4", "4.5", "5", "5.5", "6", "6.5", "7")
    ]

    utilization = rack.get_utilization()
    assert utilization == pytest.approx(50.0)  # NetBox: 2U + 1U (one face) + 2U reserved of 10U
    used, total = utilization  # Nautobot 2.x: UtilizationData(numerator, denominator)
    assert (used, total, utilization.numerator, utilization.denominator) == (5, 10, 5, 10)
    assert f"{utilization:.0f}%" == "50%"
    units = rack.get_rack_units(face=REAR)
    assert [unit["name"] for unit in units[:2]] == ["U10.5", "U10"]
    assert {unit["id"] for unit in units if unit["occupied"]} == {
        Decimal(n) for n in ("1", "1.5", "2", "2.5", "5", "5.5")
    }


def test_a_rack_is_not_shrunk_below_its_devices(rack):
    mount(rack, 8, device_type=f.DeviceTypeFactory(u_height=2))
    rack.u_height = 8
    assert "u_height" in errors_of(rack)


def test_a_rack_with_devices_cannot_be_deleted(rack):
    mount(rack, 1)
    with pytest.raises(ProtectedError):
        rack.delete()


def test_devices_filter_by_rack_and_racks_by_their_organization(admin_api, rack, site):
    device = mount(rack, 1)
    f.DeviceFactory()
    for query in (f"rack_id={rack.pk}", "rack=R1"):
        assert [item["name"] for item in admin_api.get(f"/api/dcim/devices/?{query}").json()["results"]] == [
            device.name
        ]
    tenant_rack = f.RackFactory(
        site=site,
        group=f.RackGroupFactory(site=site, name="Row B", slug="row-b"),
        role=f.RackRoleFactory(slug="storage"),
        tenant=TenantFactory(slug="acme"),
        status="planned",
    )
    f.RackFactory()
    for query in ("group=row-b", "rack_group=Row B", "role=storage", "status=planned", "tenant=acme"):
        body = admin_api.get(f"/api/dcim/racks/?{query}").json()
        assert [item["id"] for item in body["results"]] == [str(tenant_rack.pk)], query
    body = admin_api.get(f"/api/dcim/racks/?site=paris&location_id={site.location.pk}").json()
    assert {item["name"] for item in body["results"]} == {"R1", tenant_rack.name}


def test_a_device_is_placed_in_a_rack_through_the_api(admin_api, rack):
    device = f.DeviceFactory(site=rack.site, device_type=one_u())
    response = admin_api.patch(
        f"/api/dcim/devices/{device.pk}/",
        {"rack": str(rack.pk), "position": 7, "face": "front"},
        format="json",
    )
    assert_status(response, 200)
    assert (response.json()["position"], response.json()["face"]["value"]) == (7.0, "front")
    clash = f.DeviceFactory(site=rack.site, device_type=one_u())
    response = admin_api.patch(
        f"/api/dcim/devices/{clash.pk}/",
        {"rack": str(rack.pk), "position": 7, "face": "front"},
        format="json",
    )
    assert_status(response, 400)
    assert "position" in response.json()["errors"]


# --- Reservations --------------------------------------------------------------------------------------
def test_reserved_units_lie_within_the_rack_and_do_not_overlap(rack):
    user = UserFactory()
    RackReservation.objects.create(rack=rack, units=[1, 2], user=user, description="A")
    outside = RackReservation(rack=rack, units=[10, 11], user=user, description="B")
    assert "11" in errors_of(outside)["units"][0]
    overlapping = RackReservation(rack=rack, units=[2, 3], user=user, description="C")
    assert "2" in errors_of(overlapping)["units"][0]
    fine = RackReservation(rack=rack, units=[3, 4, 5, 8], user=user, description="D")
    fine.full_clean()
    assert fine.unit_list == "3-5, 8"
    assert set(rack.get_reserved_units()) == {1, 2}
    assert rack.rack_reservations.count() == 1  # Nautobot's name


def test_site_statuses_do_not_apply_to_racks(site):
    with pytest.raises(ValueError, match="not a status of rack"):
        Rack(name="R9", site=site, status="retired")
    assert Site.objects.filter(status="active").exists()


# --- Rack groups ---------------------------------------------------------------------------------------
def test_rack_groups_nest_within_a_site_with_names_unique_per_site(site):
    row = RackGroup(name="Row A", site=site)
    row.validated_save()
    assert (row.slug, row.location) == ("row-a", site.location)
    cage = RackGroup(name="Cage 1", site=site, parent=row)
    cage.validated_save()
    elsewhere = RackGroup(name="Row A", site=f.SiteFactory(name="Berlin"))
    elsewhere.validated_save()  # the same name at another site
    assert "__all__" in errors_of(RackGroup(name="Row A", site=site))
    assert "parent" in errors_of(RackGroup(name="Cage 2", site=elsewhere.site, parent=row))
    rack = f.RackFactory(site=site, group=cage)
    assert list(Rack.objects.filter(group__in=row.get_descendant_ids())) == [rack]


# --- Power ---------------------------------------------------------------------------------------------
def test_power_panels_and_feeds_as_netbox_and_nautobot_code_make_them(site, rack):
    from nautobot.dcim.models import PowerFeed as NautobotPowerFeed

    from dcim.choices import PowerFeedPhaseChoices, PowerFeedStatusChoices, PowerFeedSupplyChoices
    from dcim.models import PowerFeed, PowerPanel

    assert NautobotPowerFeed is PowerFeed
    panel = PowerPanel(name="MDF-A", location=site.location)  # Nautobot 2.x: a location
    panel.validated_save()
    assert panel.site == site
    feed = PowerFeed(power_panel=panel, rack=rack, name="A1", phase=PowerFeedPhaseChoices.PHASE_3PHASE)
    feed.validated_save()
    assert (feed.status.slug, feed.type, feed.supply, feed.voltage, feed.amperage) == (
        "active",
        "primary",
        "ac",
        120,
        20,
    )
    assert feed.available_power == 3326  # 120 V x 20 A x 80 % x sqrt(3)
    assert list(rack.power_feeds.all()) == list(panel.powerfeeds.all()) == [feed]
    feed.status = PowerFeedStatusChoices.STATUS_FAILED
    feed.validated_save()
    assert PowerFeed.objects.filter(status="failed").count() == 1

    feed.voltage = -48
    assert "voltage" in errors_of(feed)
    feed.supply = PowerFeedSupplyChoices.SUPPLY_DC
    feed.full_clean()
    feed.rack = f.RackFactory(site=f.SiteFactory(name="Berlin"))
    assert "rack" in errors_of(feed)


def test_a_power_panels_rack_group_is_at_its_site(site):
    from dcim.models import PowerPanel

    panel = PowerPanel(name="P1", site=site, rack_group=f.RackGroupFactory(site=f.SiteFactory(name="Berlin")))
    assert "rack_group" in errors_of(panel)


def test_power_feeds_filter_by_panel_rack_and_choices(admin_api, site, rack):
    feed = f.PowerFeedFactory(
        power_panel=f.PowerPanelFactory(site=site, name="MDF"), rack=rack, supply="dc", voltage=-48
    )
    f.PowerFeedFactory()
    for query in (f"rack_id={rack.pk}", "power_panel=MDF", "supply=dc", "site=paris"):
        body = admin_api.get(f"/api/dcim/power-feeds/?{query}").json()
        assert [item["id"] for item in body["results"]] == [str(feed.pk)], query
    body = admin_api.get(f"/api/dcim/power-feeds/{feed.pk}/").json()
    assert (body["available_power"], body["supply"]["value"], body["voltage"]) == (768, "dc", -48)


def test_the_pages_of_a_site_and_its_location_list_its_racks(admin_client, rack, site):
    for obj in (site, site.location):
        page = admin_client.get(obj.get_absolute_url()).content.decode()
        assert "Racks" in page and rack.get_absolute_url() in page, obj
    page = admin_client.get(rack.get_absolute_url()).content.decode()
    assert site.get_absolute_url() in page and "Height (U)" in page


def test_a_device_type_does_not_grow_over_its_neighbours_nor_shrink_to_0u_while_racked(rack):
    switch_type = one_u()
    mount(rack, 1, device_type=switch_type)
    mount(rack, 2, name="above")
    switch_type.u_height = 2
    assert "u_height" in errors_of(switch_type)
    switch_type.u_height = 0
    assert "u_height" in errors_of(switch_type)
    switch_type.u_height = Decimal("1.5")  # 1 to 2.5 would overlap "above" at 2
    assert "u_height" in errors_of(switch_type)
    free_type = one_u()
    mount(rack, 5, device_type=free_type)
    free_type.u_height = 3
    free_type.full_clean()
