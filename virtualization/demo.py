"""Virtualization's part of the demo inventory: a vSphere cluster in Paris on two hosts, running a few VMs with
interfaces and addresses (one VM without a primary address, for the audits to find)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from core.demo import DemoLoader, register_demo
from dcim.models import Device, DeviceRole, DeviceType, Manufacturer, Platform, Role, Site
from ipam.models import IPAddress, Prefix
from virtualization.models import Cluster, ClusterGroup, ClusterType, VirtualMachine, VMInterface
from virtualization.statuses import apply_virtualization_statuses

HOSTS = ["par-esx-01", "par-esx-02"]
# name, role slug, vCPUs, memory (MB), disk (GB), address of eth0 (None: no address), whether it is primary
VIRTUAL_MACHINES = [
    ("par-web-01", "web-server", "2", 4096, 40, "10.1.20.11/24", True),
    ("par-web-02", "web-server", "2", 4096, 40, "10.1.20.12/24", True),
    ("par-db-01", "database-server", "8", 32768, 500, "10.1.20.21/24", False),
    ("par-build-01", "web-server", "4.5", 8192, 100, None, False),
]


@register_demo
def load_virtualization(demo: DemoLoader) -> None:
    statuses = apply_virtualization_statuses()
    paris = Site.objects.get(slug="paris")
    cluster = demo.get_or_create(
        Cluster,
        name="par-vsphere-01",
        defaults={
            "type": demo.get_or_create(
                ClusterType, slug="vmware-vsphere", defaults={"name": "VMware vSphere"}
            ),
            "group": demo.get_or_create(ClusterGroup, slug="production", defaults={"name": "Production"}),
            "site": paris,
            "status": statuses["active"],
        },
    )
    load_hosts(demo, cluster, paris, statuses["active"])
    load_virtual_machines(demo, cluster, statuses)


def load_hosts(demo: DemoLoader, cluster: Cluster, site: Site, active) -> None:
    vendor = demo.get_or_create(Manufacturer, slug="dell", defaults={"name": "Dell"})
    server = demo.get_or_create(
        DeviceType, slug="poweredge-r650", defaults={"model": "PowerEdge R650", "manufacturer": vendor}
    )
    role = demo.get_or_create(
        DeviceRole, slug="hypervisor", defaults={"name": "Hypervisor", "color": "673ab7"}
    )
    for name in HOSTS:
        demo.get_or_create(
            Device,
            name=name,
            site=site,
            defaults={"device_type": server, "role": role, "status": active, "cluster": cluster},
        )


def vm_role(demo: DemoLoader, slug: str) -> Role:
    role = demo.get_or_create(Role, slug=slug, defaults={"name": slug.replace("-", " ").capitalize()})
    role.content_types.add(ContentType.objects.get_for_model(VirtualMachine))
    return role


def load_virtual_machines(demo: DemoLoader, cluster: Cluster, statuses) -> None:
    platform = demo.get_or_create(Platform, slug="ubuntu-22-04", defaults={"name": "Ubuntu 22.04"})
    demo.get_or_create(
        Prefix, prefix="10.1.20.0/24", defaults={"status": statuses["active"], "site": cluster.site}
    )
    for name, role, vcpus, memory, disk, address, primary in VIRTUAL_MACHINES:
        vm = demo.get_or_create(
            VirtualMachine,
            name=name,
            cluster=cluster,
            defaults={
                "role": vm_role(demo, role),
                "platform": platform,
                "status": statuses["active"],
                "vcpus": Decimal(vcpus),
                "memory": memory,
                "disk": disk,
            },
        )
        interface = demo.get_or_create(VMInterface, virtual_machine=vm, name="eth0", defaults={"mtu": 1500})
        if address is None:
            continue
        ip = demo.get_or_create(
            IPAddress,
            address=address,
            defaults={
                "status": statuses["active"],
                "assigned_vm_interface": interface,
                "dns_name": f"{name}.example.net",
            },
        )
        if primary and vm.primary_ip4_id is None:
            vm.primary_ip4 = ip
            vm.validated_save()
