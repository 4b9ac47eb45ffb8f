"""A VLAN provisioning script written for NetBox, kept as NetBox runs it: a new access VLAN for a site (the next
free ID of the site's VLAN group when none is given), then every user-facing port of the site's access switches
set to it, and the site's uplinks trunking it."""

from dcim.choices import InterfaceModeChoices
from dcim.models import Device, Site
from extras.scripts import *
from ipam.choices import VLANStatusChoices
from ipam.models import VLAN, VLANGroup
from utilities.exceptions import AbortScript

name = "Access VLANs (NetBox)"


class ProvisionAccessVLAN(Script):
    class Meta:
        name = "Provision an access VLAN"
        description = "Create a VLAN for a site and put its access switches' ports on it"
        commit_default = True

    site = ObjectVar(model=Site)
    vlan_group = ObjectVar(model=VLANGroup, query_params={"site_id": "$site"})
    vlan_name = StringVar(label="VLAN name")
    vid = IntegerVar(
        label="VLAN ID", required=False, min_value=1, max_value=4094, description="Next free if empty"
    )
    uplink = StringVar(default="Ethernet48", description="Uplink interface, trunking the VLAN")

    def run(self, data, commit):
        site, group = data["site"], data["vlan_group"]
        vid = data["vid"] or group.get_next_available_vid()
        if vid is None:
            raise AbortScript(f"VLAN group {group} has no free VLAN ID left")
        vlan = VLAN(
            site=site, group=group, vid=vid, name=data["vlan_name"], status=VLANStatusChoices.STATUS_ACTIVE
        )
        vlan.full_clean()
        vlan.save()
        self.log_success(f"Created VLAN {vlan.name} ({vlan.vid})", vlan)

        changed = 0
        for switch in Device.objects.filter(site=site, role__slug="access-switch").order_by("name"):
            for interface in switch.interfaces.filter(mgmt_only=False).order_by("name"):
                interface.snapshot()
                if interface.name == data["uplink"]:
                    interface.mode = InterfaceModeChoices.MODE_TAGGED
                    interface.full_clean()
                    interface.save()
                    interface.tagged_vlans.add(vlan)
                else:
                    interface.mode = InterfaceModeChoices.MODE_ACCESS
                    interface.untagged_vlan = vlan
                    interface.full_clean()
                    interface.save()
                    changed += 1
            self.log_info(f"{switch.name}: access ports on VLAN {vlan.vid}", switch)

        return f"VLAN {vlan.vid} on {changed} access port(s)"
