"""A circuit listing written for Nautobot 2.x, kept as it would run there: locations, `circuit_type`,
`circuit_terminations` and the job's logger."""

from nautobot.apps.jobs import Job, ObjectVar, register_jobs
from nautobot.circuits.models import Circuit
from nautobot.dcim.models import Location

name = "Circuits (Nautobot 2.x)"


class CircuitsAtLocation(Job):
    """Lists the circuits ending at a location (or below it), with their provider and commit rate."""

    location = ObjectVar(model=Location)

    class Meta:
        name = "Circuits at a location"
        has_sensitive_variables = False

    def run(self, *, location):
        places = location.descendants(include_self=True)
        circuits = (
            Circuit.objects.filter(circuit_terminations__location__in=places)
            .select_related("provider", "circuit_type")
            .distinct()
            .order_by("provider__name", "cid")
        )
        total = 0
        for circuit in circuits:
            rate = f"{circuit.commit_rate} Kbps" if circuit.commit_rate else "no commit rate"
            self.logger.info(
                "%s (%s) from %s: %s",
                circuit.cid,
                circuit.circuit_type.name,
                circuit.provider.name,
                rate,
                extra={"object": circuit},
            )
            total += circuit.commit_rate or 0
        self.logger.success("%d circuit(s) at %s, %d Kbps committed", circuits.count(), location.name, total)
        return circuits.count()


register_jobs(CircuitsAtLocation)
