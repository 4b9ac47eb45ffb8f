"""The demo inventory's tags and custom fields: routers tagged "core", a device asset tag, an owner and a
commissioning date, so example jobs have tagged and custom-fielded objects to find. Runs after dcim's part."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from core.demo import DemoLoader, register_demo
from dcim.models import Device, Site
from extras.models import CustomField, Tag

TAGS = [
    ("Core", "core", "ff5722"),
    ("Needs audit", "needs-audit", "f44336"),
    ("Monitored", "monitored", "4caf50"),
]
FIELDS = [
    ("asset_tag", "Asset tag", "text", [Device], {"validation_regex": r"^[A-Z]{2}-\d{4}$"}),
    ("owner", "Owner", "select", [Device, Site], {"choices": ["netops", "facilities", "security"]}),
    ("commissioned", "Commissioned", "date", [Device], {}),
]
# device name → its values; devices without an asset tag are the ones an audit should flag.
VALUES = {
    "par-rtr-01": {"asset_tag": "PA-0001", "owner": "netops", "commissioned": "2024-03-18"},
    "ber-rtr-01": {"asset_tag": "BE-0001", "owner": "netops", "commissioned": "2024-06-02"},
    "par-sw-01": {"asset_tag": "PA-0002", "owner": "netops"},
    "par-pdu-01": {"owner": "facilities"},
}


@register_demo
def load_tags_and_custom_fields(demo: DemoLoader) -> None:
    tags = {
        slug: demo.get_or_create(Tag, slug=slug, defaults={"name": name, "color": color})
        for name, slug, color in TAGS
    }
    for name, label, kind, models, options in FIELDS:
        field = demo.get_or_create(CustomField, name=name, defaults={"label": label, "type": kind, **options})
        field.content_types.add(*ContentType.objects.get_for_models(*models).values())
    for device in Device.objects.filter(name__in=VALUES):
        values = {key: value for key, value in VALUES[device.name].items() if key not in device.cf}
        if values:
            device.custom_field_data.update(values)
            device.validated_save()
    for device in Device.objects.filter(role__slug="router"):
        device.tags.add(tags["core"], tags["monitored"])
    for device in Device.objects.filter(name__in=["par-cs-01", "par-pdu-01"]):
        device.tags.add(tags["needs-audit"])
