"""Detail-page parts declared by name: titled panels of fields beside the first card, related lists."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from core.declarations import DeclaredPanel, Related, declaration_for
from core.declarations.pages import build_panels
from core.views import ObjectDetailView
from dcim.models import Device
from tests.factories.dcim import DeviceFactory, InterfaceFactory

pytestmark = pytest.mark.django_db


def test_loose_names_make_the_first_card_and_panels_the_titled_ones():
    fields, panels = build_panels(
        Device, ("name", DeclaredPanel("Management", ("platform", "serial")), "site")
    )
    assert [column.accessor for column in fields] == ["name", "site"]
    assert [(panel.title, [column.header for column in panel.columns]) for panel in panels] == [
        ("Management", ["Platform", "Serial number"])
    ]


def test_a_panel_is_shown_on_the_detail_page(superuser):
    device = DeviceFactory(serial="SN-42")
    fields, panels = build_panels(Device, ("name", DeclaredPanel("Management", ("serial",))))
    view = ObjectDetailView.as_view(queryset=declaration_for(Device).queryset, fields=fields, panels=panels)
    request = RequestFactory().get(device.get_absolute_url())
    request.user = superuser
    html = view(request, pk=device.pk).content.decode()
    assert ">Management</h2>" in html and "SN-42" in html


def test_a_related_list_takes_its_table_and_list_filter_from_the_related_declaration():
    ports = Related("Interfaces", "dcim.interface", "device").resolve()
    assert ports.table is declaration_for("dcim.interface").table and ports.filter_param == "device_id"
    through = Related("Addresses", "ipam.ipaddress", "assigned_interface__device").resolve()
    assert through.filter_param is None  # a path: no single list filter says the same
    interface = InterfaceFactory()
    assert list(ports.queryset.filter(**ports.lookup(interface.device))) == [interface]
