"""The statuses of IP ranges (NetBox's IPRangeStatusChoices) and the roles of IP addresses (NetBox's
IPAddressRoleChoices) as rows applying to those models. Frozen copies of ipam.statuses and ipam.roles; a row that
exists already (by slug, or a role by name) keeps its name and colour."""

from django.db import migrations

RANGE_STATUSES = {
    "active": ("Active", "4caf50"),
    "reserved": ("Reserved", "00bcd4"),
    "deprecated": ("Deprecated", "f44336"),
}
ADDRESS_ROLES = {
    "loopback": ("Loopback", "9c27b0"),
    "secondary": ("Secondary", "2196f3"),
    "anycast": ("Anycast", "ffc107"),
    "vip": ("VIP", "4caf50"),
    "vrrp": ("VRRP", "4caf50"),
    "hsrp": ("HSRP", "4caf50"),
    "glbp": ("GLBP", "4caf50"),
    "carp": ("CARP", "4caf50"),
}


def create_rows(apps, schema_editor):
    Status = apps.get_model("dcim", "Status")
    Role = apps.get_model("dcim", "Role")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ip_range, _ = ContentType.objects.get_or_create(app_label="ipam", model="iprange")
    for slug, (name, color) in RANGE_STATUSES.items():
        status, _ = Status.objects.get_or_create(slug=slug, defaults={"name": name, "color": color})
        status.content_types.add(ip_range)
    ip_address, _ = ContentType.objects.get_or_create(app_label="ipam", model="ipaddress")
    for slug, (name, color) in ADDRESS_ROLES.items():
        role = Role.objects.filter(slug=slug).first() or Role.objects.filter(name__iexact=name).first()
        if role is None:
            role = Role.objects.create(name=name, slug=slug, color=color)
        role.content_types.add(ip_address)


# The models of migration 0005, whose content types go when the migrations run backwards past them (as the
# earlier IPAM migrations leave no ipam content type behind).
NEW_MODELS = ("iprange", "aggregate", "rir", "role", "service")


def remove_new_types(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    content_types.filter(app_label="ipam", model__in=NEW_MODELS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("ipam", "0005_ranges_aggregates_services_roles"),
    ]

    operations = [migrations.RunPython(create_rows, remove_new_types)]
