"""Real-shaped virtualization jobs, unchanged, run through the runner (issue 24): a NetBox report of VMs per
cluster with their vCPU and memory totals and of active VMs without a primary IP
(tests/fixture_jobs/netbox_vm_inventory.py), and a Nautobot 2.x job provisioning a VM with an interface and a
primary address in a cluster (nautobot2_virtual_machines.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extras.choices import JobResultStatusChoices as Status
from extras.engine.loading import loader
from tests.extras.compat.conftest import run_here
from tests.factories import dcim as f
from tests.factories.ipam import IPAddressFactory
from tests.factories.virtualization import (
    ClusterFactory,
    ClusterTypeFactory,
    VirtualMachineFactory,
    VMInterfaceFactory,
)
from virtualization.models import VirtualMachine

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(inventory):
    cluster = ClusterFactory(name="par-vsphere-01", type=ClusterTypeFactory(name="VMware vSphere"))
    for name in ("esx-01", "esx-02"):
        f.DeviceFactory(name=name, cluster=cluster, role=inventory.role)
    return cluster


def test_the_files_import_without_problems(fixture_jobs):
    modules = {problem.module for problem in loader.problems()}
    assert not modules & {"netbox_vm_inventory", "nautobot2_virtual_machines"}
    assert {"VirtualMachineInventory", "ProvisionVirtualMachine"} <= set(fixture_jobs)


def test_the_report_totals_each_cluster_and_flags_vms_without_a_primary_ip(fixture_jobs, cluster):
    reachable = VirtualMachineFactory(name="web-01", cluster=cluster, vcpus=Decimal("2"), memory=4096)
    VirtualMachineFactory(name="db-01", cluster=cluster, vcpus=Decimal("6.5"), memory=12288)
    VirtualMachineFactory(name="old-01", cluster=cluster, status="offline", memory=1024)
    ClusterFactory(name="empty")
    address = IPAddressFactory(address="10.1.20.11/24")
    VMInterfaceFactory(virtual_machine=reachable).add_ip_addresses(address)
    reachable.primary_ip4 = address
    reachable.validated_save()

    result, lines = run_here(fixture_jobs["VirtualMachineInventory"])

    assert result.status == Status.STATUS_FAILED, lines  # a report with a failure fails
    assert ("test_cluster_capacity", "info", "0 VMs on 0 hosts: 0 vCPUs, 0 GB memory") in lines
    assert ("test_cluster_capacity", "info", "3 VMs on 2 hosts: 8.50 vCPUs, 17 GB memory") in lines
    assert ("test_primary_ip", "failure", "No primary IP address") in lines
    assert [line for line in lines if line[0] == "test_primary_ip"] == [
        ("test_primary_ip", "failure", "No primary IP address"),
        ("test_primary_ip", "success", ""),
    ], lines


def test_the_nautobot_2_job_provisions_a_vm_with_its_primary_address(fixture_jobs, cluster):
    data = {
        "cluster": str(cluster.pk),
        "vm_name": "app-01",
        "vcpus": 4,
        "memory": 8192,
        "address": "10.1.20.50/24",
    }

    result, lines = run_here(fixture_jobs["ProvisionVirtualMachine"], data)

    assert result.status == Status.STATUS_COMPLETED, lines
    vm = VirtualMachine.objects.get(name="app-01")
    assert (vm.cluster, vm.vcpus, vm.memory, vm.status.slug) == (cluster, Decimal("4.00"), 8192, "active")
    assert str(vm.primary_ip4) == "10.1.20.50/24"
    assert vm.primary_ip4.assigned_object == vm.interfaces.get(name="eth0")
    assert result.return_value == {"virtual_machine": "app-01", "primary_ip4": "10.1.20.50/24"}

    result, lines = run_here(fixture_jobs["ProvisionVirtualMachine"], data)
    assert result.status == Status.STATUS_FAILED
    assert VirtualMachine.objects.filter(name="app-01").count() == 1
