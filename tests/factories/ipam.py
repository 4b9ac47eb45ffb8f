"""Factories for IPAM: prefixes and IP addresses."""

from __future__ import annotations

import factory

from ipam.models import VRF, IPAddress, Namespace, Prefix, RouteTarget
from tests.factories.dcim import status


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
