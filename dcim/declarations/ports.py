"""Ports, declared once each kind (declare_port): their device, cable and what they connect to."""

from __future__ import annotations

from rest_framework import serializers

from core.declarations import declare, nested_many
from core.tables import Column
from dcim.api.serializers import CableEndField
from dcim.declarations.common import (
    CABLE,
    MODULE,
    cable_end_prefetch,
)
from dcim.filters import (
    InterfaceFilterSetBase,
    PortFilterSetBase,
)
from dcim.models import (
    ConsolePort,
    ConsoleServerPort,
    FrontPort,
    Interface,
    PowerOutlet,
    PowerPort,
    RearPort,
)

# --- Ports and cables --------------------------------------------------------------------------------
# An interface's 802.1Q mode and VLANs (dcim.models.ports.SwitchportMixin), declared for VM interfaces too.
SWITCHPORT_FIELDS = ("mode", "untagged_vlan", "tagged_vlans")
SWITCHPORT_API = {
    "tagged_vlans": nested_many("ipam.vlan", required=False, help_text="Only in tagged mode."),
}


def declare_port(
    model,
    peer: str | None,
    *fields: str,
    select: tuple[str, ...] = (),
    switchport: tuple[str, ...] = (),
    filterset_base: type = PortFilterSetBase,
) -> None:
    """A port model: its device, cable and far end; `fields` are the model's own (an interface's type...).
    `peer` is the kind of port at the far end of its cable (None: several kinds, not shown in the API);
    `select` the relations its own fields walk (a front port's rear port); `switchport` its VLAN fields."""
    connection = ("connected_endpoint", "connection_status") if peer else ()
    api_extra = {
        # Of the peer's kind, or (an interface's) a circuit termination or provider network.
        "connected_endpoint": CableEndField(allow_null=True),
        "connection_status": serializers.BooleanField(read_only=True, allow_null=True),
    }
    declare(
        model,
        queryset=model.objects.select_related("device", "cable", *select, *switchport[1:2]),
        api_queryset=model.objects.select_related(
            "device", "cable", *MODULE, *select, *switchport[1:2]
        ).prefetch_related(
            cable_end_prefetch("cable__termination_a"),
            cable_end_prefetch("cable__termination_b"),
            *(("tagged_vlans",) if switchport else ()),
        ),
        menu="Connections",
        columns=("name", "device", "label", *fields, CABLE, "description"),
        detail=(
            "name",
            "device",
            "label",
            "description",
            CABLE,
            Column("connected_endpoint.display", label="Connected to", link=True),
            *fields,
            *switchport[:1],
            *(Column(name, link=True) for name in switchport[1:2]),
        ),
        filters=("name", "label", "device", "site=device__site", "module", "cable", *fields, *switchport[:2]),
        list_filters=("device", *fields[:1]),
        search_fields=("name", "label", "description", "device__name"),
        filterset_base=filterset_base,
        form_fields=("device", "module", "name", "label", *fields, *switchport, "description"),
        api_fields=(
            "device",
            "module",
            "name",
            "label",
            "description",
            *fields,
            *switchport,
            "cable",
            *connection,
        ),
        api_extra={**(api_extra if peer else {}), **(SWITCHPORT_API if switchport else {})},
    )


declare_port(
    Interface,
    "dcim.interface",
    "type",
    "enabled",
    "mgmt_only",
    switchport=SWITCHPORT_FIELDS,
    filterset_base=InterfaceFilterSetBase,
)
declare_port(ConsolePort, "dcim.consoleserverport")
declare_port(ConsoleServerPort, "dcim.consoleport")
declare_port(PowerPort, "dcim.poweroutlet")
declare_port(PowerOutlet, "dcim.powerport")
# Front and rear ports may be cabled to several kinds of port (the cable rules say which).
declare_port(RearPort, None, "type", "positions")
declare_port(FrontPort, None, "type", "rear_port", "rear_port_position", select=("rear_port__device",))
