"""Device bays, module bays, module types, modules and inventory items, declared once each."""

from __future__ import annotations

from core.declarations import Related, declare, nested
from core.tables import Column
from dcim.declarations.common import (
    COMPONENT_MODELS,
    related_list,
)
from dcim.models import (
    DeviceBay,
    InventoryItem,
    Module,
    ModuleBay,
    ModuleType,
)

# --- Bays, modules and inventory items -------------------------------------------------------------------
# What a module's brief form (on its components) reads.
BAY_FILTERS = ("name", "label", "device", "site=device__site")
BAY_SEARCH = ("name", "label", "description", "device__name")
declare(
    DeviceBay,
    queryset=DeviceBay.objects.select_related("device", "installed_device"),
    menu="Device components",
    columns=("name", "device", "label", "installed_device", "description"),
    filters=(*BAY_FILTERS, "installed_device"),
    list_filters=("device",),
    search_fields=BAY_SEARCH,
    form_fields=("device", "name", "label", "installed_device", "description"),
    api_fields=("device", "name", "label", "installed_device", "description"),
)
declare(
    ModuleBay,
    queryset=ModuleBay.objects.select_related("device"),
    menu="Device components",
    # The module in a bay points at the bay: it is listed (restricted to what the user may view) on the
    # bay's page, never named in a column, where a module the user may not view would show.
    columns=("name", "device", "label", "position", "description"),
    related=(Related("Installed module", "dcim.module", "module_bay"),),
    filters=(*BAY_FILTERS, "position"),
    list_filters=("device",),
    search_fields=BAY_SEARCH,
    form_fields=("device", "name", "label", "position", "description"),
    api_fields=("device", "name", "label", "position", "description"),
)
declare(
    ModuleType,
    queryset=ModuleType.objects.select_related("manufacturer"),
    menu="Devices",
    columns=("model", "manufacturer", "part_number", "description"),
    detail=("model", "manufacturer", "part_number", "description", "comments"),
    related=(Related("Modules", "dcim.module", "module_type"),),
    filters=("model", "part_number", "manufacturer"),
    list_filters=("manufacturer",),
    search_fields=("model", "part_number", "description"),
    form_fields=("manufacturer", "model", "part_number", "description", "comments"),
    api_fields=("manufacturer", "model", "part_number", "description", "comments"),
    brief_fields=("manufacturer", "model"),
)
MODULE_FIELDS = (
    "device",
    "module_bay",
    "module_type",
    "status",
    "serial",
    "asset_tag",
    "description",
    "comments",
)
declare(
    Module,
    queryset=Module.objects.select_related(
        "device", "module_bay__device", "module_type__manufacturer", "status"
    ),
    menu="Devices",
    columns=(
        Column("__str__", label="Module", link=True, order_by="module_bay__name"),
        "device",
        "module_bay",
        "module_type",
        "status",
        "serial",
        "asset_tag",
    ),
    detail=MODULE_FIELDS,
    related=[related_list(model, "module") for model in COMPONENT_MODELS[:7]],
    filters=(
        "device",
        "site=device__site",
        "module_bay",
        "module_type",
        "manufacturer=module_type__manufacturer",
        "status",
        "serial",
        "asset_tag",
    ),
    list_filters=("device", "module_type", "status"),
    search_fields=("serial", "asset_tag", "description", "device__name", "module_type__model"),
    form_fields=MODULE_FIELDS,
    api_fields=MODULE_FIELDS,
    # NetBox's API makes a module active when no status is given.
    api_extra={"status": nested("dcim.status", required=False)},
    brief_fields=("module_bay",),
)
INVENTORY_ITEM_FIELDS = (
    "device",
    "parent",
    "name",
    "label",
    "manufacturer",
    "part_id",
    "serial",
    "asset_tag",
    "discovered",
    "description",
)
declare(
    InventoryItem,
    queryset=InventoryItem.objects.select_related("device", "parent", "manufacturer"),
    menu="Device components",
    columns=("name", "device", "parent", "label", "manufacturer", "part_id", "serial", "discovered"),
    detail=INVENTORY_ITEM_FIELDS,
    related=(Related("Child items", "dcim.inventoryitem", "parent"),),
    filters=(
        *BAY_FILTERS,
        "parent",
        "manufacturer",
        "part_id",
        "serial",
        "asset_tag",
        "discovered",
    ),
    list_filters=("device", "manufacturer", "discovered"),
    search_fields=("name", "label", "part_id", "serial", "asset_tag", "description", "device__name"),
    form_fields=INVENTORY_ITEM_FIELDS,
    api_fields=INVENTORY_ITEM_FIELDS,
)
