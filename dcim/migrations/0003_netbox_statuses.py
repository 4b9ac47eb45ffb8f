"""Status fields take a status's slug too (StatusField), and the statuses of NetBox's choices exist.

The new rows are a frozen copy of the entries dcim.choices.DEFAULT_STATUSES gained with them.
"""

import django.db.models.deletion
from django.db import migrations

import dcim.fields

NETBOX_STATUSES = {
    "staging": ("Staging", "2196f3", ("site",)),
    "retired": ("Retired", "f44336", ("site",)),
    "inventory": ("Inventory", "9c27b0", ("device",)),
    "container": ("Container", "9e9e9e", ("prefix",)),
    "dhcp": ("DHCP", "4caf50", ("ipaddress",)),
    "slaac": ("SLAAC", "4caf50", ("ipaddress",)),
}


def create_netbox_statuses(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for slug, (name, color, model_names) in NETBOX_STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        for model_name in model_names:
            content_type, _ = ContentType.objects.get_or_create(app_label="dcim", model=model_name)
            status.content_types.add(content_type)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0002_default_statuses"),
    ]

    operations = [
        migrations.AlterField(
            model_name="device",
            name="status",
            field=dcim.fields.StatusField(
                error_messages={"invalid": "This status does not apply to device objects."},
                limit_choices_to={"content_types__app_label": "dcim", "content_types__model": "device"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="devices",
                to="dcim.status",
            ),
        ),
        migrations.AlterField(
            model_name="ipaddress",
            name="status",
            field=dcim.fields.StatusField(
                error_messages={"invalid": "This status does not apply to ipaddress objects."},
                limit_choices_to={"content_types__app_label": "dcim", "content_types__model": "ipaddress"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ip_addresses",
                to="dcim.status",
            ),
        ),
        migrations.AlterField(
            model_name="prefix",
            name="status",
            field=dcim.fields.StatusField(
                error_messages={"invalid": "This status does not apply to prefix objects."},
                limit_choices_to={"content_types__app_label": "dcim", "content_types__model": "prefix"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="prefixes",
                to="dcim.status",
            ),
        ),
        migrations.AlterField(
            model_name="site",
            name="status",
            field=dcim.fields.StatusField(
                error_messages={"invalid": "This status does not apply to site objects."},
                limit_choices_to={"content_types__app_label": "dcim", "content_types__model": "site"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sites",
                to="dcim.status",
            ),
        ),
        migrations.RunPython(create_netbox_statuses, migrations.RunPython.noop),
    ]
