"""What the inventory's declarations share: the cable column, the component and template kinds a device
and a device type list, and the prefetch of cable ends."""

from __future__ import annotations

from django.contrib.contenttypes.prefetch import GenericPrefetch

from core.declarations import Related
from core.tables import Column
from dcim.models import (
    ConsolePort,
    ConsolePortTemplate,
    ConsoleServerPort,
    ConsoleServerPortTemplate,
    DeviceBay,
    DeviceBayTemplate,
    FrontPort,
    FrontPortTemplate,
    Interface,
    InterfaceTemplate,
    InventoryItem,
    Module,
    ModuleBay,
    ModuleBayTemplate,
    PowerOutlet,
    PowerOutletTemplate,
    PowerPort,
    PowerPortTemplate,
    RearPort,
    RearPortTemplate,
)

CABLE = Column("cable", template="dcim/cells/cable.html", order_by="")
PORT_MODELS = (Interface, ConsolePort, ConsoleServerPort, PowerPort, PowerOutlet, FrontPort, RearPort)
# A device's components and a type's templates, listed on their pages in this order.
COMPONENT_MODELS = (
    Interface,
    ConsolePort,
    ConsoleServerPort,
    PowerPort,
    PowerOutlet,
    FrontPort,
    RearPort,
    DeviceBay,
    ModuleBay,
    Module,
    InventoryItem,
)
TEMPLATE_MODELS = (
    InterfaceTemplate,
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    PowerPortTemplate,
    PowerOutletTemplate,
    FrontPortTemplate,
    RearPortTemplate,
    DeviceBayTemplate,
    ModuleBayTemplate,
)
NAMED = ("name", "slug", "description")


def related_list(model, field: str) -> Related:
    """The table of a device's components (or a type's templates) of one kind, titled by their plural name."""
    return Related(str(model._meta.verbose_name_plural).capitalize(), model._meta.label_lower, field)


def cable_end_prefetch(end: str) -> GenericPrefetch:
    """Load one end of many cables, per port type, with each port's device."""
    return GenericPrefetch(end, [model.objects.select_related("device") for model in PORT_MODELS])


# What a component on a module walks to show it (its module, and the module's bay and type).
MODULE = ("module__module_bay__device", "module__module_type")
