"""A NetBox circuit audit as NetBox users write it: circuits per provider, and the active circuits whose A side
is not cabled to anything of ours yet."""

from django.db.models import Count

from circuits.choices import CircuitStatusChoices
from circuits.models import Circuit, Provider
from extras.reports import Report

name = "Circuit audits (NetBox)"


class CircuitAudit(Report):
    description = "Count circuits per provider; flag active circuits whose A side has no cable"

    def test_circuits_per_provider(self):
        for provider in Provider.objects.annotate(circuit_count=Count("circuits")).order_by("name"):
            self.log_info(provider, f"{provider.circuit_count} circuit(s)")

    def test_active_circuits_are_cabled(self):
        circuits = Circuit.objects.filter(status=CircuitStatusChoices.STATUS_ACTIVE).prefetch_related(
            "terminations__cable"
        )
        for circuit in circuits:
            termination = circuit.termination_a
            if termination is None:
                self.log_failure(circuit, "No A side")
            elif termination.cable is None:
                self.log_failure(circuit, f"A side at {termination.site} has no cable")
            else:
                self.log_success(circuit)
