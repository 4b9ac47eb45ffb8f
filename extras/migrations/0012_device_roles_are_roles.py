"""Device roles became roles (dcim/migrations/0006_roles.py): what referred to them by content type follows.

It needs no dcim model, only content types, so it does not depend on dcim (whose migrations then move on their
own, as the ipam and automation migration tests move them). Before or after dcim 0006 the outcome is one: the
content types "role" and "devicerole" both exist, every reference covers both, and the change log of roles is
under "role"."""

from django.db import migrations

# What refers to models by content type, as (app, model, many-to-many field).
CONTENT_TYPE_SETS = [
    ("users", "ObjectPermission", "object_types"),
    ("extras", "JobButton", "content_types"),
    ("extras", "JobHook", "content_types"),
]


def references_cover_both_names(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
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
        ("extras", "0011_job_result_return_value"),
        ("users", "0001_initial"),
    ]

    operations = [migrations.RunPython(references_cover_both_names, migrations.RunPython.noop)]
