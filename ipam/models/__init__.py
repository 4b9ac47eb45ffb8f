"""IPAM models, one module per subdomain; import them from here (`from ipam.models import Prefix`)."""

from ipam.models.ip import IPAddress, Prefix
from ipam.models.vrfs import VRF, Namespace, RouteTarget, get_default_namespace, get_default_namespace_pk

__all__ = [
    "VRF",
    "IPAddress",
    "Namespace",
    "Prefix",
    "RouteTarget",
    "get_default_namespace",
    "get_default_namespace_pk",
]
