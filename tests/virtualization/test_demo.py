"""The demo inventory holds a cluster on two hosts running VMs with interfaces and addresses (issue 24)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from virtualization.models import Cluster, VirtualMachine

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_cluster_with_hosts_and_virtual_machines():
    call_command("load_demo_data", stdout=StringIO())
    cluster = Cluster.objects.get(name="par-vsphere-01")
    assert (cluster.type.name, cluster.site.name, cluster.devices.count()) == ("VMware vSphere", "Paris", 2)
    vms = VirtualMachine.objects.filter(cluster=cluster)
    assert vms.count() >= 3 and all(vm.site == cluster.site for vm in vms)
    assert vms.filter(primary_ip4__isnull=False).exists() and vms.filter(primary_ip4__isnull=True).exists()
    with_address = vms.filter(interfaces__ip_addresses__isnull=False).distinct()
    assert with_address.count() >= 2
