"""A provisioning job written for Nautobot 2.x, kept as it would run there: a VM in a cluster, its interface and
a primary address taken from the interface's side."""

from nautobot.apps.jobs import IntegerVar, IPAddressWithMaskVar, Job, ObjectVar, StringVar, register_jobs
from nautobot.extras.models import Status
from nautobot.ipam.models import IPAddress
from nautobot.virtualization.models import Cluster, VirtualMachine, VMInterface

name = "Virtual machines (Nautobot 2.x)"


class ProvisionVirtualMachine(Job):
    """Create a VM with one interface and make its address the VM's primary IPv4."""

    cluster = ObjectVar(model=Cluster, query_params={"cluster_type": "vmware-vsphere"})
    vm_name = StringVar(label="Name")
    vcpus = IntegerVar(default=2)
    memory = IntegerVar(default=4096, description="MB")
    address = IPAddressWithMaskVar(description="e.g. 10.1.20.50/24")

    class Meta:
        name = "Provision a virtual machine"
        has_sensitive_variables = False

    def run(self, *, cluster, vm_name, vcpus, memory, address):
        active = Status.objects.get(name="Active")
        if VirtualMachine.objects.filter(cluster=cluster, name=vm_name).exists():
            self.fail(f"{vm_name} already exists in {cluster.name}")
            return None
        vm = VirtualMachine.objects.create(
            name=vm_name, cluster=cluster, status=active, vcpus=vcpus, memory=memory
        )
        interface = VMInterface.objects.create(virtual_machine=vm, name="eth0", status=active)
        ip = IPAddress.objects.create(address=str(address), status=active, dns_name=f"{vm_name}.example.net")
        interface.add_ip_addresses(ip)
        vm.primary_ip4 = ip
        vm.validated_save()
        self.logger.success("Provisioned %s in %s at %s", vm.name, cluster.name, ip, extra={"object": vm})
        return {"virtual_machine": vm.name, "primary_ip4": str(ip)}


register_jobs(ProvisionVirtualMachine)
