"""Example in NetBox's dialect: a custom script that shuts the ports nothing is plugged into.

Written as a NetBox user writes it (extras.scripts, dcim.choices, message-first log calls); it runs here as it is.
"""

from dcim.choices import InterfaceTypeChoices
from dcim.models import Device, Interface, Site
from extras.scripts import BooleanVar, MultiObjectVar, ObjectVar, Script

name = "Interface hygiene (NetBox script)"

# Virtual interfaces never take a cable.
VIRTUAL_TYPES = {
    InterfaceTypeChoices.TYPE_VIRTUAL,
    InterfaceTypeChoices.TYPE_LAG,
    InterfaceTypeChoices.TYPE_LOOPBACK,
}


class DisableUnusedInterfaces(Script):
    class Meta:
        name = "Disable unused interfaces"
        description = (
            "Disable the enabled physical interfaces of a site that have no cable; management ports stay up."
        )
        commit_default = False
        fieldsets = (("Where", ("site", "devices")), ("How", ("include_mgmt",)))

    site = ObjectVar(model=Site, description="The site to tidy up")
    devices = MultiObjectVar(
        model=Device,
        required=False,
        query_params={"site_id": "$site"},
        description="Only these (default: all)",
    )
    include_mgmt = BooleanVar(default=False, label="Management ports too")

    def run(self, data, commit):
        devices = data["devices"] or Device.objects.filter(site=data["site"])
        interfaces = Interface.objects.filter(device__in=devices, enabled=True, cable__isnull=True)
        if not data["include_mgmt"]:
            interfaces = interfaces.exclude(mgmt_only=True)
        disabled = []
        for interface in (
            interfaces.exclude(type__in=VIRTUAL_TYPES)
            .exclude(name__istartswith="loopback")
            .select_related("device")
            .order_by("device__name", "name")
        ):
            interface.enabled = False
            interface.full_clean()
            interface.save()
            disabled.append(f"{interface.device.name} {interface.name}")
            self.log_success(f"Disabled {interface.name}", interface)
        if not disabled:
            self.log_info("Every enabled interface has a cable")
        return "\n".join(disabled)
