"""A component audit written for Nautobot 2.x, kept as it would run there: every device should have the
components its device type's templates promise; missing ones are reported, and made when asked."""

from nautobot.apps.jobs import BooleanVar, Job, MultiObjectVar, register_jobs
from nautobot.dcim.models import (
    ConsolePort,
    Device,
    DeviceBay,
    DeviceType,
    FrontPort,
    Interface,
    ModuleBay,
    PowerPort,
    RearPort,
)

name = "Device components (Nautobot 2.x)"

# (templates on the device type, components on the device, component model, fields copied from the template)
KINDS = [
    ("console_port_templates", "console_ports", ConsolePort, ()),
    ("power_port_templates", "power_ports", PowerPort, ()),
    ("interface_templates", "interfaces", Interface, ("type", "mgmt_only")),
    ("rear_port_templates", "rear_ports", RearPort, ("type", "positions")),
    ("front_port_templates", "front_ports", FrontPort, ("type", "rear_port_position")),
    ("device_bay_templates", "device_bays", DeviceBay, ()),
    ("module_bay_templates", "module_bays", ModuleBay, ("position",)),
]


class AuditDeviceComponents(Job):
    """Compares each device's components with its type's templates."""

    device_types = MultiObjectVar(model=DeviceType, required=False, description="All types when empty")
    create_missing = BooleanVar(default=False, description="Create the components that are missing")

    class Meta:
        name = "Audit device components against their templates"
        has_sensitive_variables = False

    def run(self, *, device_types, create_missing):
        devices = Device.objects.select_related("device_type").order_by("name")
        if device_types:
            devices = devices.filter(device_type__in=device_types)
        incomplete = 0
        for device in devices:
            missing = []
            for templates_name, components_name, model, fields in KINDS:
                have = set(getattr(device, components_name).values_list("name", flat=True))
                for template in getattr(device.device_type, templates_name).order_by("name"):
                    if template.name in have:
                        continue
                    missing.append(template.name)
                    if create_missing:
                        self.create_component(device, model, template, fields)
            if not missing:
                self.logger.success("All components present", extra={"object": device, "grouping": "audit"})
                continue
            incomplete += 1
            verb = "Created" if create_missing else "Missing"
            self.logger.warning(
                "%s: %s", verb, ", ".join(missing), extra={"object": device, "grouping": "audit"}
            )
        self.logger.info("%d device(s) audited, %d incomplete", devices.count(), incomplete)
        return {"incomplete": incomplete}

    def create_component(self, device, model, template, fields):
        values = {field: getattr(template, field) for field in fields}
        if model is FrontPort:
            values["rear_port"] = device.rear_ports.get(name=template.rear_port.name)
        component = model(device=device, name=template.name, label=template.label, **values)
        component.validated_save()


register_jobs(AuditDeviceComponents)
