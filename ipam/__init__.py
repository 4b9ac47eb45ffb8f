"""IP address management: prefixes and IP addresses (NetBox's `ipam` app, served at `ipam.*` and `nautobot.ipam.*`)."""
