"""IPAM models, one module per subdomain; import them from here (`from ipam.models import Prefix`)."""

from ipam.models.ip import IPAddress, Prefix
from ipam.models.ranges import RIR, Aggregate, IPRange
from ipam.models.roles import Role
from ipam.models.services import Service
from ipam.models.vlans import VLAN, VLANGroup
from ipam.models.vrfs import VRF, Namespace, RouteTarget, get_default_namespace, get_default_namespace_pk

__all__ = [
    "RIR",
    "VLAN",
    "VRF",
    "Aggregate",
    "IPAddress",
    "IPRange",
    "Namespace",
    "Prefix",
    "Role",
    "RouteTarget",
    "Service",
    "VLANGroup",
    "get_default_namespace",
    "get_default_namespace_pk",
]
