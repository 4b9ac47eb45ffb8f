"""A new device's components, made from its type's templates (as NetBox and Nautobot make them).

Device.save() calls `instantiate_components()` for a device being created, inside the transaction that
creates it, whichever way it is created (REST API, form, job code's `create()` or `validated_save()`). Each
kind of component costs one query to read its templates and one bulk insert, however many there are. A
bulk insert sends no signals, so the change log's signals are sent here, per component, as save() would
send them: the components are recorded as created with the device.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.db.models.signals import post_save, pre_save

from core.models import fill_custom_field_defaults
from dcim.models.modules import DeviceBay, ModuleBay
from dcim.models.ports import (
    ConsolePort,
    ConsoleServerPort,
    FrontPort,
    Interface,
    PowerOutlet,
    PowerPort,
    RearPort,
)
from dcim.models.templates import (
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

# Template → component, in the order they are made: rear ports before the front ports mapped onto them.
COMPONENTS: tuple[tuple[type[models.Model], type[models.Model]], ...] = (
    (ConsolePortTemplate, ConsolePort),
    (ConsoleServerPortTemplate, ConsoleServerPort),
    (PowerPortTemplate, PowerPort),
    (PowerOutletTemplate, PowerOutlet),
    (InterfaceTemplate, Interface),
    (RearPortTemplate, RearPort),
    (FrontPortTemplate, FrontPort),
    (DeviceBayTemplate, DeviceBay),
    (ModuleBayTemplate, ModuleBay),
)


def instantiate_components(device) -> dict[type[models.Model], list[models.Model]]:
    """Create the device's components from its type's templates; returns them by component model."""
    made: dict[type[models.Model], list[models.Model]] = {}
    by_template: dict = {}  # template pk → the component made from it (front ports find their rear port here)
    for template_model, component_model in COMPONENTS:
        templates = template_model.objects.filter(device_type_id=device.device_type_id).order_by("name")
        components = []
        for template in templates:
            component = component_model(device=device, **template.component_fields())
            if template_model is FrontPortTemplate:
                component.rear_port = by_template[template.rear_port_id]
            by_template[template.pk] = component
            components.append(component)
        if components:
            made[component_model] = create_all(component_model, components)
    return made


def create_all(model: type[models.Model], objects: Iterable[models.Model]) -> list[models.Model]:
    """Insert in one query, with the custom field defaults and the save signals save() would give (the change
    log records them)."""
    objects, using = list(objects), model.objects.db
    fill_custom_field_defaults(objects)
    for obj in objects:
        pre_save.send(model, instance=obj, raw=False, using=using, update_fields=None)
    created = model.objects.bulk_create(objects)
    for obj in created:
        post_save.send(model, instance=obj, created=True, raw=False, using=using, update_fields=None)
    return created
