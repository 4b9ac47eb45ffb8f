"""A report written for NetBox: VMs per cluster with their vCPU and memory totals, and active VMs without a
primary IP, run without changing anything."""

from django.db.models import Count, Sum

from extras.reports import Report
from virtualization.choices import VirtualMachineStatusChoices
from virtualization.models import Cluster, VirtualMachine


class VirtualMachineInventory(Report):
    description = "Virtual machines per cluster, and VMs that cannot be reached"

    def test_cluster_capacity(self):
        clusters = Cluster.objects.annotate(
            vm_count=Count("virtual_machines"),
            vcpu_total=Sum("virtual_machines__vcpus"),
            memory_total=Sum("virtual_machines__memory"),
        ).order_by("name")
        for cluster in clusters:
            hosts = cluster.devices.count()
            self.log_info(
                cluster,
                f"{cluster.vm_count} VMs on {hosts} hosts: {cluster.vcpu_total or 0} vCPUs, "
                f"{(cluster.memory_total or 0) / 1024:g} GB memory",
            )

    def test_primary_ip(self):
        active = VirtualMachine.objects.filter(status=VirtualMachineStatusChoices.STATUS_ACTIVE)
        for vm in active.select_related("primary_ip4", "primary_ip6").order_by("name"):
            if vm.primary_ip is None:
                self.log_failure(vm, "No primary IP address")
            else:
                self.log_success(vm)
