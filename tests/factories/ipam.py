"""Factories for IPAM: prefixes, IP addresses, RIRs, aggregates, IP ranges, IPAM roles, services, VLAN groups
and VLANs."""

from __future__ import annotations

import factory

from ipam.choices import ServiceProtocolChoices
from ipam.models import (
    RIR,
    VLAN,
    VRF,
    Aggregate,
    IPAddress,
    IPRange,
    Namespace,
    Prefix,
    Role,
    RouteTarget,
    Service,
    VLANGroup,
)
from ipam.statuses import ip_range_statuses
from tests.factories.dcim import DeviceFactory, NamedFactory, status


class PrefixFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Prefix

    prefix = factory.Sequence(lambda n: f"10.{n // 256 % 256}.{n % 256}.0/24")
    status = factory.LazyFunction(status)


class IPAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IPAddress

    address = factory.Sequence(lambda n: f"192.0.{n // 250 % 256}.{n % 250 + 1}/24")
    status = factory.LazyFunction(status)


def range_status(slug: str = "active"):
    """An IP range status by slug, made (with the others) when absent: a test's flush removes the migration's."""
    return ip_range_statuses()[slug]


class RIRFactory(NamedFactory):
    class Meta:
        model = RIR

    name = factory.Sequence(lambda n: f"RIR {n}")


class AggregateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aggregate

    prefix = factory.Sequence(lambda n: f"100.{n % 256}.0.0/16")
    rir = factory.SubFactory(RIRFactory)


class IPRangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IPRange

    start_address = factory.Sequence(lambda n: f"172.16.{n % 256}.10/24")
    end_address = factory.Sequence(lambda n: f"172.16.{n % 256}.20/24")
    status = factory.LazyFunction(range_status)


class RoleFactory(NamedFactory):
    """An IPAM role (NetBox's ipam.Role): applies to prefixes and IP ranges once saved."""

    class Meta:
        model = Role

    name = factory.Sequence(lambda n: f"IPAM role {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    device = factory.SubFactory(DeviceFactory)
    name = factory.Sequence(lambda n: f"service-{n}")
    protocol = ServiceProtocolChoices.PROTOCOL_TCP
    ports = factory.Sequence(lambda n: [1000 + n % 60000])


class NamespaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Namespace

    name = factory.Sequence(lambda n: f"namespace-{n}")


class RouteTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteTarget

    name = factory.Sequence(lambda n: f"65000:{n + 1}")


class VRFFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VRF

    name = factory.Sequence(lambda n: f"vrf-{n}")
    rd = factory.Sequence(lambda n: f"65000:{n + 1}")


class VLANGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VLANGroup

    name = factory.Sequence(lambda n: f"VLAN group {n}")
    slug = factory.Sequence(lambda n: f"vlan-group-{n}")


class VLANFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VLAN

    vid = factory.Sequence(lambda n: n % 4094 + 1)
    name = factory.Sequence(lambda n: f"VLAN {n}")
    status = factory.LazyFunction(status)
