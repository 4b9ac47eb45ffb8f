"""Factories for virtualization: cluster types and groups, clusters, virtual machines and their interfaces."""

from __future__ import annotations

import factory

from dcim.models import Status
from tests.factories.dcim import NamedFactory
from virtualization.models import Cluster, ClusterGroup, ClusterType, VirtualMachine, VMInterface
from virtualization.statuses import apply_virtualization_statuses


def virtualization_status(slug: str = "active") -> Status:
    """A status applying to the virtualization models, by slug (created with its content types when absent: a
    transactional test's flush removes the migration's rows)."""
    return apply_virtualization_statuses()[slug]


class ClusterTypeFactory(NamedFactory):
    class Meta:
        model = ClusterType

    name = factory.Sequence(lambda n: f"Cluster type {n}")


class ClusterGroupFactory(NamedFactory):
    class Meta:
        model = ClusterGroup

    name = factory.Sequence(lambda n: f"Cluster group {n}")


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"cluster-{n}")
    type = factory.SubFactory(ClusterTypeFactory)
    status = factory.LazyFunction(virtualization_status)


class VirtualMachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VirtualMachine

    name = factory.Sequence(lambda n: f"vm-{n}")
    cluster = factory.SubFactory(ClusterFactory)
    status = factory.LazyFunction(virtualization_status)


class VMInterfaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VMInterface

    virtual_machine = factory.SubFactory(VirtualMachineFactory)
    name = factory.Sequence(lambda n: f"eth{n}")
