"""DeviceRole becomes Role, Nautobot 2.x's one role model (issue 22): the table is renamed, not copied, so every
device keeps its role and every reference keeps its row; each existing role applies to devices; DeviceRole
comes back as the proxy showing the roles that apply to devices. What refers to device roles by content type
follows in extras/migrations/0012_device_roles_are_roles.py."""

import django.db.models.deletion
from django.db import migrations, models


def roles_apply_to_devices(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    device, _ = content_types.get_or_create(app_label="dcim", model="device")
    for role in apps.get_model("dcim", "Role").objects.all():
        role.content_types.add(device)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0005_site_status_optional"),
    ]

    operations = [
        migrations.RenameModel("DeviceRole", "Role"),
        migrations.AlterField(
            model_name="role",
            name="slug",
            field=models.SlugField(blank=True, max_length=100, unique=True),
        ),
        migrations.AddField(
            model_name="role",
            name="weight",
            field=models.PositiveSmallIntegerField(blank=True, help_text="Orders roles in lists.", null=True),
        ),
        migrations.AddField(
            model_name="role",
            name="content_types",
            field=models.ManyToManyField(
                help_text="The models this role may be given to.",
                related_name="roles",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.RunPython(roles_apply_to_devices, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="device",
            name="role",
            field=models.ForeignKey(
                error_messages={
                    "invalid": "This role does not apply to devices (dcim.device is not among its content types)."
                },
                limit_choices_to={"content_types__app_label": "dcim", "content_types__model": "device"},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="devices",
                to="dcim.role",
            ),
        ),
        migrations.CreateModel(
            name="DeviceRole",
            fields=[],
            options={"ordering": ["name"], "proxy": True, "indexes": [], "constraints": []},
            bases=("dcim.role",),
        ),
    ]
