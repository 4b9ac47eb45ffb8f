"""IPAM models, one module per subdomain; import them from here (`from ipam.models import Prefix`)."""

from ipam.models.ip import IPAddress, Prefix

__all__ = ["IPAddress", "Prefix"]
