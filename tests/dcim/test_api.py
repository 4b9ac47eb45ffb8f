"""REST API of the inventory, per endpoint: list shape, CRUD and permissions (from tests/api_base.py)."""

from __future__ import annotations

from dcim.choices import InterfaceTypeChoices
from dcim.models import (
    Cable,
    ConsolePort,
    ConsoleServerPort,
    Device,
    DeviceRole,
    DeviceType,
    Interface,
    Manufacturer,
    Platform,
    PowerOutlet,
    PowerPort,
    Region,
    Site,
    Status,
)
from tests.api_base import APITestBase
from tests.factories import dcim as f


class TestStatusAPI(APITestBase):
    model = Status
    factory = f.StatusFactory

    def create_payloads(self):
        return [
            {
                "name": "Maintenance",
                "slug": "maintenance",
                "color": "ff9800",
                "content_types": ["dcim.device"],
            },
            {"name": "Mothballed", "slug": "mothballed", "content_types": ["dcim.site", "ipam.prefix"]},
        ]

    def update_payload(self):
        return {"color": "000000", "description": "changed"}


class TestRegionAPI(APITestBase):
    model = Region
    factory = f.RegionFactory

    def create_payloads(self):
        parent = f.RegionFactory()
        return [
            {"name": "Europe", "slug": "europe"},
            {"name": "Benelux", "slug": "benelux", "parent": str(parent.pk)},
            {"name": "Nordics", "slug": "nordics", "parent": {"slug": parent.slug}},
        ]

    def update_payload(self):
        return {"name": "Renamed", "description": "changed"}


class TestSiteAPI(APITestBase):
    model = Site
    factory = f.SiteFactory

    def create_payloads(self):
        region = f.RegionFactory()
        return [
            {"name": "Branch 1", "slug": "branch-1", "status": {"slug": "active"}},
            {
                "name": "Branch 2",
                "slug": "branch-2",
                "status": str(f.status("planned").pk),
                "region": str(region.pk),
            },
        ]

    def update_payload(self):
        return {"facility": "DC-7", "status": {"slug": "staged"}}


class TestManufacturerAPI(APITestBase):
    model = Manufacturer
    factory = f.ManufacturerFactory

    def create_payloads(self):
        return [{"name": "Arista", "slug": "arista"}, {"name": "Juniper", "slug": "juniper"}]

    def update_payload(self):
        return {"description": "changed"}


class TestDeviceTypeAPI(APITestBase):
    model = DeviceType
    factory = f.DeviceTypeFactory

    def create_payloads(self):
        manufacturer = f.ManufacturerFactory()
        return [
            {"manufacturer": str(manufacturer.pk), "model": "DCS-7150S", "slug": "dcs-7150s"},
            {
                "manufacturer": {"slug": manufacturer.slug},
                "model": "DCS-7280",
                "slug": "dcs-7280",
                "part_number": "X1",
            },
        ]

    def update_payload(self):
        return {"part_number": "P-1"}


class TestDeviceRoleAPI(APITestBase):
    model = DeviceRole
    factory = f.DeviceRoleFactory

    def create_payloads(self):
        return [
            {"name": "Router", "slug": "router", "color": "2196f3"},
            {"name": "Access Switch", "slug": "access-switch"},
        ]

    def update_payload(self):
        return {"color": "4caf50"}


class TestPlatformAPI(APITestBase):
    model = Platform
    factory = f.PlatformFactory

    def create_payloads(self):
        return [
            {"name": "EOS", "slug": "eos", "manufacturer": str(f.ManufacturerFactory().pk)},
            {"name": "IOS", "slug": "ios"},
        ]

    def update_payload(self):
        return {"description": "changed"}


class TestDeviceAPI(APITestBase):
    model = Device
    factory = f.DeviceFactory

    def create_payloads(self):
        site, device_type, role = f.SiteFactory(), f.DeviceTypeFactory(), f.DeviceRoleFactory()
        common = {"site": str(site.pk), "device_type": str(device_type.pk), "role": str(role.pk)}
        return [
            {"name": "sw-1", "status": {"slug": "planned"}, **common},
            {"name": "sw-2", "status": {"slug": "active"}, "serial": "ABC123", **common},
        ]

    def update_payload(self):
        return {"serial": "XYZ", "status": {"slug": "offline"}}


class PortAPITestBase(APITestBase):
    def create_payloads(self):
        device = f.DeviceFactory()
        return [
            {"device": str(device.pk), "name": "p1"},
            {"device": {"id": str(device.pk)}, "name": "p2", "label": "L"},
        ]

    def update_payload(self):
        return {"label": "changed"}


class TestInterfaceAPI(PortAPITestBase):
    model = Interface
    factory = f.InterfaceFactory

    def create_payloads(self):
        return [
            {**payload, "type": kind}
            for payload, kind in zip(
                super().create_payloads(),
                [InterfaceTypeChoices.LOOPBACK, InterfaceTypeChoices.SFP_PLUS_10G],
                strict=True,
            )
        ]

    def update_payload(self):
        return {"enabled": False, "mgmt_only": True}


class TestConsolePortAPI(PortAPITestBase):
    model = ConsolePort
    factory = f.ConsolePortFactory


class TestConsoleServerPortAPI(PortAPITestBase):
    model = ConsoleServerPort
    factory = f.ConsoleServerPortFactory


class TestPowerPortAPI(PortAPITestBase):
    model = PowerPort
    factory = f.PowerPortFactory


class TestPowerOutletAPI(PortAPITestBase):
    model = PowerOutlet
    factory = f.PowerOutletFactory


class TestCableAPI(APITestBase):
    model = Cable
    factory = f.CableFactory

    def create_payloads(self):
        console, server = f.ConsolePortFactory(), f.ConsoleServerPortFactory()
        a, b = f.InterfaceFactory(), f.InterfaceFactory()
        return [
            {
                "termination_a_type": "dcim.interface",
                "termination_a_id": str(a.pk),
                "termination_b_type": "dcim.interface",
                "termination_b_id": str(b.pk),
            },
            {
                "termination_a_type": "dcim.consoleport",
                "termination_a_id": str(console.pk),
                "termination_b_type": "dcim.consoleserverport",
                "termination_b_id": str(server.pk),
                "status": "planned",
                "label": "console-1",
            },
        ]

    def update_payload(self):
        return {"status": "planned", "label": "renamed"}
