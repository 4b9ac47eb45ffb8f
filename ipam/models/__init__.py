"""IPAM models, one module per subdomain; import them from here (`from ipam.models import Prefix`)."""

from ipam.models.ip import IPAddress, Prefix
from ipam.models.vlans import VLAN, VLANGroup

__all__ = ["VLAN", "IPAddress", "Prefix", "VLANGroup"]
