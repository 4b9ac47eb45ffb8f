"""DeviceRole becomes Role, Nautobot 2.x's one role model (issue 22): the table is renamed, not copied, so every
device keeps its role and every reference keeps its row; each existing role applies to devices; DeviceRole
comes back as the proxy showing the roles that apply to devices, and object permissions that covered device
roles cover them under both names."""

import django.db.models.deletion
from django.db import migrations, models

# What refers to models by content type, as (app, model, many-to-many field).
CONTENT_TYPE_SETS = [
    ("users", "ObjectPermission", "object_types"),
    ("extras", "JobButton", "content_types"),
    ("extras", "JobHook", "content_types"),
]


def roles_apply_to_devices(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    device, _ = content_types.get_or_create(app_label="dcim", model="device")
    for role in apps.get_model("dcim", "Role").objects.all():
        role.content_types.add(device)
    # `migrate` relabels the content type devicerole → role (unless a "role" one exists already); the proxy
    # needs its own. Permissions, buttons and hooks on either name then cover both, and the change log of
    # roles is recorded under "role", the concrete model's.
    role_type, _ = content_types.get_or_create(app_label="dcim", model="role")
    device_role_type, _ = content_types.get_or_create(app_label="dcim", model="devicerole")
    both = (role_type, device_role_type)
    for app_label, model_name, field in CONTENT_TYPE_SETS:
        model = apps.get_model(app_label, model_name)
        for row in model.objects.filter(**{f"{field}__in": both}).distinct():
            getattr(row, field).add(*both)
    changes = apps.get_model("extras", "ObjectChange").objects
    changes.filter(changed_object_type=device_role_type).update(changed_object_type=role_type)
    changes.filter(related_object_type=device_role_type).update(related_object_type=role_type)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0005_site_status_optional"),
        ("users", "0001_initial"),
        ("extras", "0009_job_automation"),
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
