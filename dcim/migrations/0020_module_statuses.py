"""Module statuses become Status rows (as devices' are): the statuses of NetBox's ModuleStatusChoices apply
to modules, and each module's status value is replaced by the key of the Status of that slug, so that the
next migration turns the column into a foreign key without losing any.

A frozen copy of what dcim.choices.DEFAULT_STATUSES gained ("dcim.module" among STATUS_MODELS).
"""

from django.db import migrations

STATUSES = {
    "offline": ("Offline", "ffc107"),
    "active": ("Active", "4caf50"),
    "planned": ("Planned", "00bcd4"),
    "staged": ("Staged", "2196f3"),
    "failed": ("Failed", "f44336"),
    "decommissioning": ("Decommissioning", "9e9e9e"),
}


def statuses_as_rows(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Module = apps.get_model("dcim", "Module")
    module_type, _ = ContentType.objects.get_or_create(app_label="dcim", model="module")
    keys = {}
    for slug, (name, color) in STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        status.content_types.add(module_type)
        keys[slug] = str(status.pk)
    for slug, key in keys.items():
        Module.objects.filter(status=slug).update(status=key)
    Module.objects.exclude(status__in=keys.values()).update(status=keys["active"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0019_power_feed_cables"),
    ]

    operations = [migrations.RunPython(statuses_as_rows, migrations.RunPython.noop)]
