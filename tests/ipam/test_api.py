"""REST API of IPAM, per endpoint: list shape, CRUD and permissions (from tests/api_base.py)."""

from __future__ import annotations

from ipam.models import IPAddress, Prefix
from tests.api_base import APITestBase
from tests.factories import dcim as f
from tests.factories.ipam import IPAddressFactory, PrefixFactory


class TestPrefixAPI(APITestBase):
    model = Prefix
    factory = PrefixFactory

    def create_payloads(self):
        return [
            {"prefix": "172.16.0.0/12", "status": {"slug": "active"}},
            {"prefix": "2001:db8::/32", "status": {"slug": "reserved"}, "description": "documentation"},
        ]

    def update_payload(self):
        return {"prefix": "198.51.100.0/24", "description": "moved"}


class TestIPAddressAPI(APITestBase):
    model = IPAddress
    factory = IPAddressFactory

    def create_payloads(self):
        interface = f.InterfaceFactory()
        return [
            {"address": "10.0.0.1/24", "status": {"slug": "active"}, "dns_name": "a.example.com"},
            {
                "address": "2001:db8::1/64",
                "status": {"slug": "active"},
                "assigned_interface": str(interface.pk),
            },
        ]

    def update_payload(self):
        return {"dns_name": "renamed.example.com", "address": "10.9.9.9/16"}
