"""Example in NetBox's dialect (3.3 and later): patching a device through a patch panel, and a report that
follows every cable to where the connection really ends.

Written as a NetBox user writes them: `a_terminations`/`b_terminations`, `LinkStatusChoices`, a port's
`link_peers` (what its own cable reaches) and `connected_endpoints` (where the signal ends, across panels).
"""

from dcim.choices import LinkStatusChoices
from dcim.models import Cable, Device, FrontPort, Interface
from extras.reports import Report
from extras.scripts import ChoiceVar, ObjectVar, Script, StringVar

name = "Cabling (NetBox)"


def describe(end) -> str:
    """A cable end with what holds it: "par-rtr-01 Ethernet1", or a circuit termination as itself."""
    device = getattr(end, "device", None)
    return f"{device} {end}" if device else str(end)


class PatchThroughPanel(Script):
    class Meta:
        name = "Patch an interface through a panel"
        description = (
            "Cable a device interface to a free front port of a patch panel and say where it ends up."
        )
        commit_default = False
        fieldsets = (
            ("Device side", ("interface",)),
            ("Panel side", ("panel", "front_port")),
            ("Cable", ("status", "label")),
        )

    interface = ObjectVar(model=Interface, description="The device interface to patch")
    panel = ObjectVar(model=Device, query_params={"role": "patch-panel"})
    front_port = ObjectVar(model=FrontPort, query_params={"device_id": "$panel"})
    status = ChoiceVar(choices=LinkStatusChoices, default=LinkStatusChoices.STATUS_CONNECTED)
    label = StringVar(required=False, max_length=100)

    def run(self, data, commit):
        interface, front_port = data["interface"], data["front_port"]
        if front_port.device != data["panel"]:
            self.log_failure(f"{front_port} is not on {data['panel']}")
            return
        for port in (interface, front_port):
            if port.cable:
                self.log_failure(f"Already cabled to {describe(port.link_peers[0])}", port)
                return

        cable = Cable(
            a_terminations=[interface],
            b_terminations=[front_port],
            status=data["status"],
            label=data["label"] or "",
        )
        cable.full_clean()
        cable.save()
        self.log_success(f"Cabled {describe(interface)} to {describe(front_port)}", cable)

        interface.refresh_from_db()
        endpoints = interface.connected_endpoints
        if endpoints:
            far = endpoints[0]
            self.log_info(f"The connection now ends at {describe(far)}")
        else:
            rear = front_port.rear_port
            self.log_warning(f"The path continues at {describe(rear)}, which has no cable yet", rear)
        return cable.pk


class CablePathAudit(Report):
    description = "Every cabled interface reaches another interface, and no cable is left planned."

    def test_interface_paths(self):
        interfaces = Interface.objects.filter(cable__isnull=False).select_related("device", "cable")
        for interface in interfaces.order_by("device__name", "name"):
            endpoints = interface.connected_endpoints
            if not endpoints:
                self.log_failure(interface, f"The path stops at {describe(interface.link_peers[0])}")
            elif not interface.connection_status:
                self.log_warning(interface, f"Reaches {describe(endpoints[0])} over a planned cable")
            else:
                self.log_success(interface)

    def test_planned_cables(self):
        for cable in Cable.objects.filter(status=LinkStatusChoices.STATUS_PLANNED):
            a, b = cable.a_terminations[0], cable.b_terminations[0]
            self.log_warning(cable, f"Still planned: {describe(a)} to {describe(b)}")
