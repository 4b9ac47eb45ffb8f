"""Real-shaped VRF jobs, unchanged, run through the runner (issue 24): a NetBox script provisioning a customer VRF
with route targets, subnets and gateways (tests/fixture_jobs/netbox_vrf_provision.py), and a Nautobot 2.x job
provisioning a namespace, a VRF, a prefix and a gateway (nautobot2_vrfs.py)."""

from __future__ import annotations

import pytest

from extras.choices import JobResultStatusChoices as Status
from ipam.models import VRF, IPAddress, Prefix
from tests.extras.compat.conftest import run_here
from tests.factories.dcim import status
from tests.factories.ipam import PrefixFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statuses(inventory):
    for slug in ("active", "container"):
        status(slug)
    from django.contrib.contenttypes.models import ContentType

    status("active").content_types.add(ContentType.objects.get_for_model(VRF))


def test_the_netbox_script_provisions_a_vrf_beside_the_same_global_prefix(fixture_jobs, statuses):
    PrefixFactory(prefix="10.50.0.0/16")  # the global table holds the same supernet: another table
    data = {
        "vrf_name": "cust-acme",
        "rd": "65000:100",
        "supernet": "10.50.0.0/16",
        "subnet_length": 24,
        "subnets": 2,
    }

    result, lines = run_here(fixture_jobs["ProvisionCustomerVRF"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    vrf = VRF.objects.get(rd="65000:100")
    assert set(vrf.import_targets.values_list("name", flat=True)) == {"65000:100", "65000:1"}
    assert sorted(str(p) for p in vrf.prefixes.all()) == ["10.50.0.0/16", "10.50.0.0/24", "10.50.1.0/24"]
    assert sorted(str(ip) for ip in vrf.ip_addresses.all()) == ["10.50.0.1/24", "10.50.1.1/24"]
    assert Prefix.objects.filter(prefix="10.50.0.0/16").count() == 2
    assert ("success", "10.50.1.0/24 with gateway 10.50.1.1/24") in [
        (level, text) for _, level, text in lines
    ]

    again, lines = run_here(fixture_jobs["ProvisionCustomerVRF"], data)
    assert again.status != Status.STATUS_COMPLETED
    assert any("RD 65000:100 is taken" in message for _, _, message in lines), lines


def test_the_nautobot_job_provisions_a_namespace_vrf_prefix_and_gateway(fixture_jobs, statuses):
    data = {
        "namespace_name": "Tenant-B",
        "vrf_name": "tenant-b",
        "rd": "65000:300",
        "network": "192.168.10.0/24",
    }

    result, lines = run_here(fixture_jobs["ProvisionTenantNamespace"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    assert result.return_value == {
        "vrf": "tenant-b",
        "prefixes": ["192.168.10.0/24"],
        "gateway": "192.168.10.1/24",
        "gateway_vrf": "tenant-b",
    }
    gateway = IPAddress.objects.get(address="192.168.10.1/24")
    assert (gateway.namespace.name, gateway.parent.prefix.prefixlen) == ("Tenant-B", 24)
