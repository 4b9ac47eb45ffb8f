"""A provisioning job written for Nautobot 2.x, kept as it would run there: a tenant namespace, a VRF in it with
a route target, a prefix added to the VRF and a gateway address created in the namespace."""

from nautobot.apps.jobs import IPNetworkVar, Job, StringVar, register_jobs
from nautobot.extras.models import Status
from nautobot.ipam.models import VRF, IPAddress, Namespace, Prefix, RouteTarget

name = "VRFs (Nautobot 2.x)"


class ProvisionTenantNamespace(Job):
    """Create a namespace with a VRF, its prefix and a gateway."""

    namespace_name = StringVar(label="Namespace")
    vrf_name = StringVar(label="VRF")
    rd = StringVar(label="Route distinguisher")
    network = IPNetworkVar()

    class Meta:
        name = "Provision a tenant namespace"
        has_sensitive_variables = False

    def run(self, *, namespace_name, vrf_name, rd, network):
        active = Status.objects.get(name="Active")
        namespace, _ = Namespace.objects.get_or_create(name=namespace_name)
        vrf = VRF(name=vrf_name, rd=rd, namespace=namespace)
        vrf.validated_save()
        target, _ = RouteTarget.objects.get_or_create(name=rd)
        vrf.import_targets.add(target)
        vrf.export_targets.add(target)
        prefix = Prefix(prefix=str(network), namespace=namespace, status=active)
        prefix.validated_save()
        vrf.add_prefix(prefix)
        gateway = IPAddress(address=f"{network[1]}/{network.prefixlen}", namespace=namespace, status=active)
        gateway.validated_save()
        self.logger.success(
            "Provisioned %s in %s with gateway %s", vrf.name, namespace.name, gateway, extra={"object": vrf}
        )
        return {
            "vrf": vrf.name,
            "prefixes": [str(p.prefix) for p in vrf.prefixes.all()],
            "gateway": str(gateway),
            "gateway_vrf": gateway.vrf.name,
        }


register_jobs(ProvisionTenantNamespace)
