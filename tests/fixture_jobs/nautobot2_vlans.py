"""A VLAN audit written for Nautobot 2.x, kept as it would run there: per VLAN group of a location, the VLANs
in use and the next free ID, and the access ports left without an untagged VLAN."""

from nautobot.apps.jobs import Job, ObjectVar, register_jobs
from nautobot.dcim.choices import InterfaceModeChoices
from nautobot.dcim.models import Interface, Location
from nautobot.ipam.models import VLAN, VLANGroup

name = "VLANs (Nautobot 2.x)"


class AuditVLANs(Job):
    """Report each VLAN group's use and flag access ports without a VLAN."""

    location = ObjectVar(model=Location)

    class Meta:
        name = "Audit VLANs"
        has_sensitive_variables = False
        read_only = True

    def run(self, *, location):
        for group in VLANGroup.objects.filter(location=location).order_by("name"):
            used = VLAN.objects.filter(vlan_group=group).count()
            available = group.available_vids
            self.logger.info(
                "%s (%s): %d VLAN(s), next free %s",
                group.name,
                group.range,
                used,
                available[0] if available else "none",
                extra={"object": group},
            )
        missing = Interface.objects.filter(
            device__location=location, mode=InterfaceModeChoices.MODE_ACCESS, untagged_vlan__isnull=True
        ).order_by("device__name", "name")
        for interface in missing:
            self.logger.warning("Access port without a VLAN", extra={"object": interface})
        if missing:
            self.fail(f"{missing.count()} access port(s) without a VLAN")
        return {"access_ports_without_vlan": [str(interface) for interface in missing]}


register_jobs(AuditVLANs)
