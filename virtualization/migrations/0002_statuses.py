"""The statuses of clusters, virtual machines and VM interfaces: dcim's default status rows, made to apply to them
(a frozen copy of virtualization.choices.VIRTUALIZATION_STATUSES, names and colours of dcim's DEFAULT_STATUSES)."""

from django.db import migrations

STATUSES = {
    "active": ("Active", "4caf50", ("cluster", "virtualmachine", "vminterface")),
    "planned": ("Planned", "00bcd4", ("cluster", "virtualmachine", "vminterface")),
    "staging": ("Staging", "2196f3", ("cluster",)),
    "staged": ("Staged", "2196f3", ("virtualmachine",)),
    "failed": ("Failed", "f44336", ("virtualmachine", "vminterface")),
    "offline": ("Offline", "ffc107", ("cluster", "virtualmachine")),
    "decommissioning": ("Decommissioning", "9e9e9e", ("cluster", "virtualmachine", "vminterface")),
}


def apply_statuses(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for slug, (name, color, model_names) in STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        for model_name in model_names:
            content_type, _ = ContentType.objects.get_or_create(app_label="virtualization", model=model_name)
            status.content_types.add(content_type)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0003_netbox_statuses"),
        ("virtualization", "0001_initial"),
    ]

    operations = [migrations.RunPython(apply_statuses, migrations.RunPython.noop)]
