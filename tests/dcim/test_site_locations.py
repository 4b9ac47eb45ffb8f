"""Sites and regions (Nautobot 1.x, NetBox) and locations (Nautobot 2.x) are two views of one inventory
(issue 22): every region has its location of type "Region" and every site one of type "Site", created, renamed
and moved with it; a location of those types made by 2.x code makes its region or site; a device's site and
location agree whichever of the two the code gives."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from dcim.models import Device, Location, LocationType, Region, Site
from tests.factories import dcim as f

pytestmark = pytest.mark.django_db


def test_a_region_and_a_site_get_their_locations_and_keep_them_in_step():
    europe = f.RegionFactory(name="Europe")
    france = f.RegionFactory(name="France", parent=europe)
    paris = f.SiteFactory(name="Paris", region=france, facility="PA1", status=f.status("planned"))

    location = Location.objects.get(name="Paris")
    assert location.site == paris and paris.location == location
    assert location.location_type.name == "Site"
    assert (location.facility, location.status.slug) == ("PA1", "planned")
    assert location.parent == Location.objects.get(name="France", location_type__name="Region")
    assert location.parent.parent.region == europe
    assert LocationType.objects.get(name="Site").parent == LocationType.objects.get(name="Region")

    paris.name, paris.region = "Paris-Nord", europe
    paris.save()
    location.refresh_from_db()
    assert (location.name, location.parent) == ("Paris-Nord", europe.location)

    france.parent = None
    france.save()
    assert Location.objects.get(region=france).parent is None


def test_a_site_in_no_region_stands_at_the_top():
    site = f.SiteFactory(name="Lone")
    assert site.location.parent is None
    site.location.full_clean()


def test_deleting_a_region_leaves_its_sites_at_the_top():
    region = f.RegionFactory(name="Gone")
    site = f.SiteFactory(name="Stays", region=region)
    region.delete()
    site.refresh_from_db()
    assert site.region is None and site.location.parent is None
    assert not Location.objects.filter(name="Gone").exists()


def test_a_site_typed_location_made_by_2x_code_makes_its_site_and_region():
    region_type = LocationType.objects.get_or_create(name="Region", defaults={"nestable": True})[0]
    site_type = LocationType.objects.get_or_create(name="Site", defaults={"parent": region_type})[0]
    emea = Location(name="EMEA", location_type=region_type, status=f.status("active"))
    emea.validated_save()
    lyon = Location(name="Lyon DC", location_type=site_type, parent=emea, status=f.status("active"))
    lyon.validated_save()

    site = Site.objects.get(name="Lyon DC")
    assert (site.slug, site.region, site.status.slug) == (
        "lyon-dc",
        Region.objects.get(name="EMEA"),
        "active",
    )
    assert Location.objects.get(name="Lyon DC").site == site

    lyon.name = "Lyon DC2"
    lyon.validated_save()
    assert Site.objects.get(pk=site.pk).name == "Lyon DC2"


def test_a_device_given_only_a_site_gets_the_sites_location():
    device = f.DeviceFactory(site=f.SiteFactory(name="Berlin"))
    assert device.location == Location.objects.get(name="Berlin")


def test_a_device_given_only_a_location_gets_the_site_above_it():
    site = f.SiteFactory(name="Munich")
    floor_type = LocationType.objects.create(name="Floor", parent=LocationType.objects.get(name="Site"))
    floor_type.content_types.add(*LocationType.objects.get(name="Site").content_types.all())
    floor = Location.objects.create(
        name="Floor 2", location_type=floor_type, parent=site.location, status=f.status()
    )
    template = f.DeviceFactory()

    device = Device(
        name="mu-1",
        location=floor,
        device_type=template.device_type,
        role=template.role,
        status=template.status,
    )
    device.validated_save()

    assert (device.site, device.location) == (site, floor)
    device.site = template.site  # 1.x code moving the device to another site moves its location along
    device.validated_save()
    assert device.location == template.site.location


def test_a_location_under_no_site_is_refused_with_the_field_named():
    kind = f.LocationTypeFactory(name="Campus")
    campus = f.LocationFactory(name="Campus A", location_type=kind)
    template = f.DeviceFactory()
    device = Device(
        name="x",
        location=campus,
        device_type=template.device_type,
        role=template.role,
        status=template.status,
    )

    with pytest.raises(ValidationError) as excinfo:
        device.full_clean()
    assert "under no site" in excinfo.value.message_dict["location"][0]


def test_a_site_and_a_location_that_disagree_are_refused():
    template = f.DeviceFactory()
    other = f.SiteFactory(name="Elsewhere")
    device = Device(
        name="y",
        site=template.site,
        location=other.location,
        device_type=template.device_type,
        role=template.role,
        status=template.status,
    )
    with pytest.raises(ValidationError) as excinfo:
        device.full_clean()
    assert "Elsewhere" in excinfo.value.message_dict["location"][0]


def test_a_sites_location_page_links_the_site(client):
    from tests.factories.users import SuperuserFactory

    site = f.SiteFactory(name="Linked")
    client.force_login(SuperuserFactory())
    page = client.get(site.location.get_absolute_url()).content.decode()
    assert site.get_absolute_url() in page
