"""Circuits' models: `from circuits.models import Circuit, Provider` (NetBox) and `nautobot.circuits.models`."""

from circuits.models.circuits import Circuit, CircuitTermination, CircuitType
from circuits.models.providers import Provider, ProviderNetwork

__all__ = ["Circuit", "CircuitTermination", "CircuitType", "Provider", "ProviderNetwork"]
