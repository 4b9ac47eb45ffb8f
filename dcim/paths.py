"""Where a port's connection ends: followed cable by cable through patch panels, as NetBox traces it.

A cable into a front port continues from its rear port; a cable into a rear port continues from the front
port at the position the path entered by (a trunk's strand), or from its only front port; a cable into a
circuit termination continues from the circuit's other side. The path ends at
the first port that is not a pass-through, or stops where a panel is not cabled further.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dcim.choices import CableStatusChoices

MAX_CABLES = 64  # a longer path is a loop of panels cabled to each other


@dataclass
class Trace:
    """The cables a path crossed and the port it ends at (None: the path stops before an endpoint)."""

    endpoint: object | None = None
    cables: list = field(default_factory=list)

    @property
    def active(self) -> bool:
        return all(cable.status == CableStatusChoices.CONNECTED for cable in self.cables)


def trace(origin) -> Trace:
    """Follow `origin`'s cable, and on through front and rear ports, to the port at the end."""
    path = Trace()
    positions: list[int] = []  # the strands entered through multi-position rear ports, innermost last
    port = origin
    while port is not None and port.cable_id is not None and len(path.cables) < MAX_CABLES:
        cable = port.cable
        path.cables.append(cable)
        far = cable.far_end(port)
        kind = far._meta.model_name if far is not None else ""
        if kind == "frontport":
            if far.rear_port.positions > 1:
                positions.append(far.rear_port_position)
            port = far.rear_port
        elif kind == "rearport":
            port = _front_port_for(far, positions)
        elif kind == "circuittermination":
            # Through the circuit (NetBox): on from its other side's cable, or ending on the provider network
            # that side is on; a circuit whose other side is not cabled ends the path at this termination.
            peer = far.peer_termination
            if peer is not None and peer.cable_id is not None:
                port = peer
            else:
                path.endpoint = (
                    peer.provider_network if peer is not None and peer.provider_network_id else far
                )
                return path
        else:
            path.endpoint = far
            return path
    return path


def _front_port_for(rear, positions: list[int]):
    """The front port a path arriving at `rear` continues from (None when the strand is unknown)."""
    if rear.positions > 1:
        if not positions:
            return None
        position = positions.pop()
    else:
        position = 1
    return rear.frontports.filter(rear_port_position=position).select_related("cable").first()
