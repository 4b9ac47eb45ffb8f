"""IPAM's models, each declared once: pages, API, filters, search and menu follow (core/declarations).

One module per part of IPAM, declared in the order of PARTS, which is the order of the menu.
"""

from importlib import import_module

PARTS = ("vrfs", "ip", "ranges", "vlans")
for part in PARTS:
    import_module(f"ipam.declarations.{part}")

__all__ = ["PARTS"]
