"""The demo inventory jobs work on: sites, devices, ports, cables, prefixes and IP addresses."""
