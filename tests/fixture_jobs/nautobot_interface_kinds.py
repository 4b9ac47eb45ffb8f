"""A Nautobot job that counts interfaces by kind, with Nautobot's own import paths for choices and constants."""

from nautobot.dcim.choices import CableStatusChoices, InterfaceTypeChoices
from nautobot.dcim.constants import VIRTUAL_IFACE_TYPES, WIRELESS_IFACE_TYPES
from nautobot.dcim.models import Cable, Interface
from nautobot.extras.jobs import Job, MultiChoiceVar


class InterfaceKinds(Job):
    class Meta:
        name = "Interface kinds"
        description = "Count virtual, wireless and wired interfaces of the chosen types"

    types = MultiChoiceVar(choices=InterfaceTypeChoices.CHOICES, required=False)

    def run(self, data, commit):
        interfaces = Interface.objects.all()
        if data["types"]:
            interfaces = interfaces.filter(type__in=data["types"])
        virtual = interfaces.filter(type__in=VIRTUAL_IFACE_TYPES).count()
        wireless = interfaces.filter(type__in=WIRELESS_IFACE_TYPES).count()
        wired = interfaces.count() - virtual - wireless
        connected = Cable.objects.filter(status=CableStatusChoices.STATUS_CONNECTED).count()
        self.log_success(
            message=f"virtual={virtual} wireless={wireless} wired={wired} connected cables={connected}"
        )
