"""Virtualization's models: clusters (clusters.py) and the virtual machines they run (machines.py)."""

from virtualization.models.clusters import Cluster, ClusterGroup, ClusterType
from virtualization.models.machines import VirtualMachine, VMInterface

__all__ = ["Cluster", "ClusterGroup", "ClusterType", "VMInterface", "VirtualMachine"]
