"""The statuses of NetBox's RackStatusChoices and PowerFeedStatusChoices apply to racks and power feeds.

A frozen copy of what dcim.choices.DEFAULT_STATUSES gained with them ("available" is new).
"""

from django.db import migrations

STATUSES = {
    "active": ("Active", "4caf50", ("rack", "powerfeed")),
    "planned": ("Planned", "00bcd4", ("rack", "powerfeed")),
    "reserved": ("Reserved", "00bcd4", ("rack",)),
    "deprecated": ("Deprecated", "f44336", ("rack",)),
    "available": ("Available", "4caf50", ("rack",)),
    "failed": ("Failed", "f44336", ("powerfeed",)),
    "offline": ("Offline", "ffc107", ("powerfeed",)),
}


def add_statuses(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for slug, (name, color, model_names) in STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        for model_name in model_names:
            content_type, _ = ContentType.objects.get_or_create(app_label="dcim", model=model_name)
            status.content_types.add(content_type)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0017_racks_and_power"),
    ]

    operations = [migrations.RunPython(add_statuses, migrations.RunPython.noop)]
