"""The Global namespace (Nautobot 2.x's default) holds every prefix, address and VRF that existed before
namespaces; VRFs take the statuses Nautobot gives them.

Historical models only: get_default_namespace() uses the current ones and must not run here.
"""

from django.db import migrations

VRF_STATUSES = {
    "active": ("Active", "4caf50"),
    "planned": ("Planned", "00bcd4"),
    "reserved": ("Reserved", "00bcd4"),
    "decommissioning": ("Decommissioning", "ffc107"),
}


def fill_global_namespace(apps, schema_editor):
    Namespace = apps.get_model("ipam", "Namespace")
    namespace, _ = Namespace.objects.get_or_create(
        name="Global", defaults={"description": "The default namespace."}
    )
    for model_name in ("Prefix", "IPAddress", "VRF"):
        apps.get_model("ipam", model_name).objects.filter(namespace__isnull=True).update(namespace=namespace)


def create_vrf_statuses(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(app_label="ipam", model="vrf")
    for slug, (name, color) in VRF_STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        status.content_types.add(content_type)


def forget_content_types(apps, schema_editor):
    """Backwards, the models of 0009 go: so do their content types (created after migrating), with the
    permissions and status links that name them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.filter(app_label="ipam", model__in=("namespace", "routetarget", "vrf"))
    ids = list(types.values_list("pk", flat=True))
    apps.get_model("auth", "Permission").objects.filter(content_type_id__in=ids).delete()
    apps.get_model("dcim", "Status").content_types.through.objects.filter(contenttype_id__in=ids).delete()
    types._raw_delete(types.db)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("ipam", "0009_vrfs_and_namespaces"),
    ]

    operations = [
        migrations.RunPython(fill_global_namespace, migrations.RunPython.noop),
        migrations.RunPython(create_vrf_statuses, forget_content_types),
    ]
