"""A provisioning script written for NetBox, kept as NetBox runs it: a customer VRF with its route targets, a
container prefix carved into subnets, and a gateway address in each, all in the VRF."""

from extras.scripts import *
from ipam.choices import IPAddressStatusChoices, PrefixStatusChoices
from ipam.models import VRF, IPAddress, Prefix, RouteTarget
from utilities.exceptions import AbortScript

name = "VRFs (NetBox)"


class ProvisionCustomerVRF(Script):
    class Meta:
        name = "Provision a customer VRF"
        description = "A VRF with route targets, a container prefix carved into subnets, and gateways"

    vrf_name = StringVar(label="VRF name")
    rd = StringVar(label="Route distinguisher", regex=r"^\d+:\d+$")
    supernet = IPNetworkVar()
    subnet_length = IntegerVar(default=24)
    subnets = IntegerVar(default=2, min_value=1, max_value=16)

    def run(self, data, commit):
        if VRF.objects.filter(rd=data["rd"]).exists():
            raise AbortScript(f"RD {data['rd']} is taken")
        vrf = VRF(name=data["vrf_name"], rd=data["rd"], enforce_unique=True)
        vrf.full_clean()
        vrf.save()
        own, _ = RouteTarget.objects.get_or_create(name=data["rd"])
        shared, _ = RouteTarget.objects.get_or_create(
            name="65000:1", defaults={"description": "Shared services"}
        )
        vrf.import_targets.add(own, shared)
        vrf.export_targets.add(own)
        self.log_success(f"Created VRF {vrf} ({vrf.rd})", vrf)

        supernet = data["supernet"]
        container = Prefix(prefix=supernet, vrf=vrf, status=PrefixStatusChoices.STATUS_CONTAINER)
        container.full_clean()
        container.save()
        for subnet in list(supernet.subnet(data["subnet_length"]))[: data["subnets"]]:
            prefix = Prefix(prefix=subnet, vrf=vrf, status=PrefixStatusChoices.STATUS_ACTIVE)
            prefix.full_clean()
            prefix.save()
            gateway = IPAddress(
                address=f"{subnet[1]}/{subnet.prefixlen}",
                vrf=vrf,
                status=IPAddressStatusChoices.STATUS_ACTIVE,
            )
            gateway.full_clean()
            gateway.save()
            self.log_success(f"{prefix} with gateway {gateway}", prefix)
        return f"{vrf.name}: {container.get_children().count()} subnets, {container.get_child_ips().count()} addresses"
