"""Factories for circuits: providers, their networks, circuit types, circuits and their terminations."""

from __future__ import annotations

import factory

from circuits.models import Circuit, CircuitTermination, CircuitType, Provider, ProviderNetwork
from circuits.statuses import circuit_statuses
from tests.factories.dcim import NamedFactory, SiteFactory


def circuit_status(slug: str = "active"):
    """A circuit status by slug, made (with the others) when absent: a test's flush removes the migration's."""
    return circuit_statuses()[slug]


class ProviderFactory(NamedFactory):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Provider {n}")


class ProviderNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderNetwork

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Provider network {n}")


class CircuitTypeFactory(NamedFactory):
    class Meta:
        model = CircuitType

    name = factory.Sequence(lambda n: f"Circuit type {n}")


class CircuitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circuit

    cid = factory.Sequence(lambda n: f"CID-{n:04d}")
    provider = factory.SubFactory(ProviderFactory)
    type = factory.SubFactory(CircuitTypeFactory)
    status = factory.LazyFunction(circuit_status)


class CircuitTerminationFactory(factory.django.DjangoModelFactory):
    """Side A at a new site, unless told otherwise (`term_side="Z"`, `provider_network=...`, `site=None`)."""

    class Meta:
        model = CircuitTermination

    circuit = factory.SubFactory(CircuitFactory)
    term_side = "A"
    provider_network = None
    location = None
    site = factory.Maybe(
        factory.LazyAttribute(lambda o: o.provider_network is None and o.location is None),
        yes_declaration=factory.SubFactory(SiteFactory),
        no_declaration=None,
    )
