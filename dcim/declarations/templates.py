"""Component templates on device types (a new device gets their components: dcim/components.py)."""

from __future__ import annotations

from core.declarations import declare
from dcim.models import (
    ConsolePortTemplate,
    ConsoleServerPortTemplate,
    DeviceBayTemplate,
    FrontPortTemplate,
    InterfaceTemplate,
    ModuleBayTemplate,
    PowerOutletTemplate,
    PowerPortTemplate,
    RearPortTemplate,
)


# --- Component templates (on device types; a new device gets their components: dcim/components.py) --------
def declare_template(model, *fields: str, select: tuple[str, ...] = ()) -> None:
    """A component template: its device type, name, label and description, and the component's own `fields`."""
    declare(
        model,
        queryset=model.objects.select_related("device_type__manufacturer", *select),
        columns=("name", "device_type", "label", *fields, "description"),
        filters=("name", "label", "device_type", *fields),
        list_filters=("device_type",),
        search_fields=("name", "label", "description"),
        form_fields=("device_type", "name", "label", *fields, "description"),
        api_fields=("device_type", "name", "label", *fields, "description"),
    )


declare_template(ConsolePortTemplate)
declare_template(ConsoleServerPortTemplate)
declare_template(PowerPortTemplate)
declare_template(PowerOutletTemplate)
declare_template(InterfaceTemplate, "type", "enabled", "mgmt_only")
declare_template(RearPortTemplate, "type", "positions")
declare_template(
    FrontPortTemplate, "type", "rear_port", "rear_port_position", select=("rear_port__device_type",)
)
declare_template(DeviceBayTemplate)
declare_template(ModuleBayTemplate, "position")
