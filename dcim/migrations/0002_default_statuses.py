"""Create the default statuses and the models they apply to (a frozen copy of dcim.choices.DEFAULT_STATUSES)."""

from django.db import migrations

STATUS_MODELS = ("site", "device", "prefix", "ipaddress")
ADDRESS_MODELS = ("prefix", "ipaddress")
DEFAULT_STATUSES = {
    "active": ("Active", "4caf50", STATUS_MODELS),
    "planned": ("Planned", "00bcd4", STATUS_MODELS),
    "staged": ("Staged", "2196f3", STATUS_MODELS),
    "failed": ("Failed", "f44336", STATUS_MODELS),
    "offline": ("Offline", "ffc107", STATUS_MODELS),
    "decommissioning": ("Decommissioning", "9e9e9e", STATUS_MODELS),
    "reserved": ("Reserved", "00bcd4", ADDRESS_MODELS),
    "deprecated": ("Deprecated", "f44336", ADDRESS_MODELS),
}


def create_default_statuses(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for slug, (name, color, model_names) in DEFAULT_STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        for model_name in model_names:
            content_type, _ = ContentType.objects.get_or_create(app_label="dcim", model=model_name)
            status.content_types.add(content_type)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_default_statuses, migrations.RunPython.noop)]
