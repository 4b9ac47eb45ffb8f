"""Table columns: attribute paths, choice labels, links, and sorting limited to declared columns."""

from __future__ import annotations

import pytest

from core.tables import Column, Table
from dcim.models import Device, Interface
from tests.factories.dcim import DeviceFactory, InterfaceFactory, RegionFactory, SiteFactory

pytestmark = pytest.mark.django_db


def test_dotted_accessor_walks_relations_and_links_to_the_owner_of_the_last_attribute():
    site = SiteFactory(region=RegionFactory(name="Europe"))
    cell = Column("site.region.name", link=True).resolve(DeviceFactory(site=site))
    assert cell.value == "Europe"
    assert cell.url == site.region.get_absolute_url()


def test_a_related_object_links_to_itself_and_a_plain_field_to_the_row():
    device = DeviceFactory()
    assert Column("site", link=True).resolve(device).url == device.site.get_absolute_url()
    assert Column("name", link=True).resolve(device).url == device.get_absolute_url()


def test_choice_fields_show_their_label_and_missing_relations_give_none():
    interface = InterfaceFactory(type="1000base-t")
    assert Column("type").resolve(interface).value == "1000BASE-T (1GE)"
    assert Column("device.platform.name", link=True).resolve(interface).value is None


def test_header_defaults_to_the_last_attribute_name():
    assert Column("device.mgmt_only").header == "Mgmt only"
    assert Column("name", label="Port").header == "Port"


class DeviceNameTable(Table):
    columns = (Column("name"), Column("description", order_by=""))


def test_order_accepts_only_sortable_columns():
    DeviceFactory(name="b")
    DeviceFactory(name="a")
    ordered, applied = DeviceNameTable.order(Device.objects.all(), "-name")
    assert applied == "-name"
    assert [device.name for device in ordered] == ["b", "a"]
    _, ignored = DeviceNameTable.order(Device.objects.all(), "description")
    assert ignored == ""
    _, ignored = DeviceNameTable.order(Interface.objects.all(), "password")
    assert ignored == ""


def test_headers_offer_the_opposite_direction_of_the_current_sort():
    headers = DeviceNameTable([], ordering="name").headers
    assert headers[0] == {"label": "Name", "sort": "-name", "direction": "ascending"}
    assert headers[1]["sort"] == ""  # not sortable
