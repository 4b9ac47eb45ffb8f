"""IPAM models, one module per subdomain; import them from here (`from ipam.models import Prefix`)."""

from ipam.models.ip import IPAddress, Prefix
from ipam.models.ranges import RIR, Aggregate, IPRange
from ipam.models.roles import Role
from ipam.models.services import Service
from ipam.models.vlans import VLAN, VLANGroup

__all__ = ["RIR", "VLAN", "Aggregate", "IPAddress", "IPRange", "Prefix", "Role", "Service", "VLANGroup"]
