"""The inventory's models, each declared once: pages, API, filters, search, menu and admin follow
(core/declarations). Querysets carry the select_related/prefetch their tables and serializers walk, so a
list costs the same number of queries for 5 rows or 500.

One module per part of the inventory, declared in the order of PARTS, which is the order of the menu.
"""

from importlib import import_module

from dcim.declarations.common import CABLE

PARTS = ("organization", "devices", "components", "ports", "templates", "cables", "racks")
for part in PARTS:
    import_module(f"dcim.declarations.{part}")

__all__ = ["CABLE", "PARTS"]
