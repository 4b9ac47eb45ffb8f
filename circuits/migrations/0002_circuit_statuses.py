"""The statuses circuits take (NetBox's CircuitStatusChoices) as Status rows applying to circuits.

A frozen copy of circuits.choices.CIRCUIT_STATUSES; a status that exists already keeps its name and colour.
"""

from django.db import migrations

CIRCUIT_STATUSES = {
    "planned": ("Planned", "00bcd4"),
    "provisioning": ("Provisioning", "2196f3"),
    "active": ("Active", "4caf50"),
    "offline": ("Offline", "f44336"),
    "deprovisioning": ("Deprovisioning", "ffc107"),
    "decommissioned": ("Decommissioned", "9e9e9e"),
}


def create_circuit_statuses(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="circuits", model="circuit")
    for slug, (name, color) in CIRCUIT_STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        status.content_types.add(content_type)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("circuits", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_circuit_statuses, migrations.RunPython.noop)]
