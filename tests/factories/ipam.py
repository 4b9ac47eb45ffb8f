"""Factories for IPAM: prefixes, IP addresses, VLAN groups and VLANs."""

from __future__ import annotations

import factory

from ipam.models import VLAN, IPAddress, Prefix, VLANGroup
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
