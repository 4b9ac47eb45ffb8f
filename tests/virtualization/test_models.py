"""Clusters, virtual machines and their interfaces (issue 24): NetBox's names and Nautobot 2.x's, a VM's site
from its cluster, names unique per cluster and tenant, primary addresses on the VM's own interfaces, and
device clusters' hosts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from dcim.models import Device
from tests.factories import dcim as f
from tests.factories.ipam import IPAddressFactory
from tests.factories.tenancy import TenantFactory
from tests.factories.virtualization import (
    ClusterFactory,
    ClusterGroupFactory,
    ClusterTypeFactory,
    VirtualMachineFactory,
    VMInterfaceFactory,
    virtualization_status,
)
from virtualization.choices import ClusterStatusChoices, VirtualMachineStatusChoices
from virtualization.models import Cluster, VirtualMachine, VMInterface

pytestmark = pytest.mark.django_db


def test_a_cluster_answers_to_netbox_and_nautobot_2_names():
    kind, group = ClusterTypeFactory(name="VMware vSphere"), ClusterGroupFactory(name="Production")
    cluster = Cluster(name="vcenter-1", cluster_type=kind, cluster_group=group)
    cluster.validated_save()
    assert (cluster.type, cluster.group) == (kind, group)
    assert list(Cluster.objects.filter(cluster_type=kind)) == [cluster]
    assert list(Cluster.objects.filter(cluster_group__name="Production")) == [cluster]
    assert cluster.status == ClusterStatusChoices.STATUS_ACTIVE  # NetBox's default
    assert kind.slug == "vmware-vsphere"


def test_a_cluster_status_is_one_of_netbox_cluster_statuses():
    virtualization_status()
    cluster = ClusterFactory(status=ClusterStatusChoices.STATUS_STAGING)
    assert cluster.get_status_display() == "Staging"
    cluster.status = f.status("failed")  # a VM status, not a cluster one
    with pytest.raises(ValidationError, match="status"):
        cluster.full_clean()


def test_a_cluster_at_a_site_is_at_its_location_and_back():
    site = f.SiteFactory(name="Paris")
    cluster = ClusterFactory(site=site)
    assert cluster.location is not None and cluster.location.site == site
    other = ClusterFactory(site=None, location=cluster.location)
    assert other.site == site


def test_devices_are_the_hosts_of_a_cluster():
    cluster = ClusterFactory()
    hosts = [f.DeviceFactory(cluster=cluster) for _ in range(2)]
    f.DeviceFactory()
    assert set(cluster.devices.all()) == set(hosts)
    assert set(Device.objects.filter(cluster=cluster)) == set(hosts)
    cluster.delete()
    assert Device.objects.filter(pk__in=[host.pk for host in hosts], cluster__isnull=True).count() == 2


def test_a_virtual_machine_takes_its_site_from_its_cluster():
    cluster = ClusterFactory(site=f.SiteFactory())
    vm = VirtualMachine(name="web-01", cluster=cluster)
    vm.validated_save()
    assert vm.site == cluster.site
    assert vm.status == VirtualMachineStatusChoices.STATUS_ACTIVE
    assert vm.location == cluster.location  # Nautobot 2.x reads it through the cluster
    vm.site = f.SiteFactory()
    with pytest.raises(ValidationError, match="site"):
        vm.full_clean()


def test_vm_names_are_unique_per_cluster_and_tenant_also_without_tenant():
    cluster = ClusterFactory()
    VirtualMachineFactory(name="db", cluster=cluster)
    with pytest.raises(ValidationError, match="already exists"):
        VirtualMachine(name="db", cluster=cluster).full_clean()
    tenant = TenantFactory()
    VirtualMachineFactory(name="db", cluster=cluster, tenant=tenant)  # another tenant's
    VirtualMachineFactory(name="db", cluster=ClusterFactory())  # another cluster's
    with pytest.raises(IntegrityError), transaction.atomic():
        VirtualMachine.objects.create(name="db", cluster=cluster, status="active")


def test_vm_resources_and_status_values():
    vm = VirtualMachineFactory(vcpus=Decimal("2.5"), memory=4096, disk=40, status="planned")
    vm.refresh_from_db()
    assert (vm.vcpus, vm.memory, vm.disk) == (Decimal("2.50"), 4096, 40)
    assert vm.status == VirtualMachineStatusChoices.STATUS_PLANNED
    assert set(VirtualMachineStatusChoices.values()) == {
        "offline",
        "active",
        "planned",
        "staged",
        "failed",
        "decommissioning",
    }


def test_a_vm_role_must_apply_to_virtual_machines():
    vm = VirtualMachineFactory()
    vm.role = f.RoleFactory(applies_to=[Device])
    with pytest.raises(ValidationError, match="role"):
        vm.full_clean()
    vm.role = f.RoleFactory(applies_to=[VirtualMachine])
    vm.full_clean()


def test_vm_interface_names_are_unique_per_vm_and_reverse_names_of_both_products():
    vm = VirtualMachineFactory()
    eth0 = VMInterfaceFactory(virtual_machine=vm, name="eth0")
    with pytest.raises(ValidationError):
        VMInterface(virtual_machine=vm, name="eth0").full_clean()
    VMInterfaceFactory(virtual_machine=VirtualMachineFactory(), name="eth0")
    assert list(vm.interfaces.all()) == [eth0]
    assert list(vm.vm_interfaces.all()) == [eth0]
    assert list(vm.cluster.virtual_machines.all()) == [vm]


def test_a_vm_interface_parent_and_bridge_are_on_the_same_vm():
    eth0 = VMInterfaceFactory(mtu=9000, mac_address="00:50:56:aa:bb:cc")
    sub = VMInterface(virtual_machine=eth0.virtual_machine, name="eth0.100", parent=eth0)
    sub.validated_save()
    assert sub.parent_interface == eth0 and list(eth0.child_interfaces.all()) == [sub]
    eth0.refresh_from_db()
    assert eth0.mac_address == "00:50:56:AA:BB:CC"
    stranger = VMInterface(virtual_machine=VirtualMachineFactory(), name="eth1", bridge=eth0)
    with pytest.raises(ValidationError, match="bridge"):
        stranger.full_clean()
    with pytest.raises(ValidationError, match="mac_address"):
        VMInterface(virtual_machine=eth0.virtual_machine, name="x", mac_address="nope").full_clean()


def test_primary_addresses_must_be_on_the_vms_own_interfaces():
    vm = VirtualMachineFactory()
    eth0 = VMInterfaceFactory(virtual_machine=vm)
    v4 = IPAddressFactory(address="198.51.100.10/24")
    v6 = IPAddressFactory(address="2001:db8::10/64")
    vm.primary_ip4 = v4
    with pytest.raises(ValidationError, match="primary_ip4"):
        vm.full_clean()
    eth0.add_ip_addresses([v4, v6])
    vm.primary_ip4, vm.primary_ip6 = v4, v6
    vm.validated_save()
    assert vm.primary_ip == v6
    vm.primary_ip4 = v6
    with pytest.raises(ValidationError, match="IPv4"):
        vm.full_clean()
    other = VMInterfaceFactory()
    other.add_ip_addresses(v4)
    vm.primary_ip4 = v4
    with pytest.raises(ValidationError, match="primary_ip4"):
        vm.full_clean()


def test_a_cluster_page_lists_its_hosts_and_virtual_machines(admin_client):
    cluster = ClusterFactory(site=f.SiteFactory())
    f.DeviceFactory(name="esx-17", cluster=cluster)
    VirtualMachineFactory(name="web-17", cluster=cluster)
    html = admin_client.get(cluster.get_absolute_url()).content.decode()
    assert "esx-17" in html and "web-17" in html


def test_a_vm_interface_created_without_status_is_active_as_nautobot_2_reads_it():
    virtualization_status()
    interface = VMInterface(virtual_machine=VirtualMachineFactory(), name="eth0")
    interface.validated_save()
    assert interface.status == "active" and interface.status.name == "Active"
