"""The IPAM REST API."""
