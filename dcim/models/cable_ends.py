"""What anything a cable can plug into shares: device ports, power feeds (and circuit terminations to come).

`cable` is maintained by Cable.save(); the two generic relations exist so that deleting an end (or what holds
it) deletes the cable attached to it instead of leaving a dangling end.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models

from dcim.paths import trace


class CableEnd(models.Model):
    """A model a cable may end on: its cable, what the cable reaches, and where the connection ends."""

    cable = models.ForeignKey(
        "dcim.Cable", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    cables_as_a = GenericRelation(
        "dcim.Cable", content_type_field="termination_a_type", object_id_field="termination_a_id"
    )
    cables_as_b = GenericRelation(
        "dcim.Cable", content_type_field="termination_b_type", object_id_field="termination_b_id"
    )

    class Meta:
        abstract = True

    @property
    def display(self) -> str:
        return str(self)

    @property
    def connected_endpoint(self) -> CableEnd | None:
        """What this end reaches: at the far end of its cable, or beyond patch panels (dcim/paths.py);
        None when nothing is plugged in or the path stops at a panel that is not cabled further."""
        return trace(self).endpoint

    @property
    def link_peer(self) -> CableEnd | None:
        """What the other end of this end's own cable holds (NetBox up to 3.2)."""
        if self.cable_id is None:
            return None
        return self.cable.far_end(self)

    @property
    def link_peers(self) -> list[CableEnd]:
        """NetBox 3.3+: what the cable's other end holds (one end here), empty when nothing is plugged in."""
        peer = self.link_peer
        return [] if peer is None else [peer]

    @property
    def connected_endpoints(self) -> list[CableEnd]:
        """NetBox 3.3+: the endpoints this one reaches, as a list."""
        endpoint = self.connected_endpoint
        return [] if endpoint is None else [endpoint]

    @property
    def cable_end(self) -> str:
        """ "A" or "B": which end of its cable this is ("" without a cable)."""
        if self.cable_id is None:
            return ""
        cable = self.cable
        is_a = (
            cable.termination_a_id == self.pk
            and cable.termination_a_type_id == ContentType.objects.get_for_model(self).pk
        )
        return "A" if is_a else "B"

    @property
    def connection_status(self) -> bool | None:
        """True when every cable on the path is connected, False when one is only planned, None without a cable."""
        if self.cable_id is None:
            return None
        return trace(self).active

    @property
    def is_cabled(self) -> bool:
        return self.cable_id is not None

    @property
    def can_be_cabled(self) -> bool:
        return True
