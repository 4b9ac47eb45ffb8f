"""Prefix and IPAddress move from dcim to this app, rows and references kept.

The tables exist already (dcim_prefix, dcim_ipaddress): this app's state takes them over as they are,
then they are renamed to ipam_*. Their content types are relabelled in place (dcim.prefix becomes
ipam.prefix, keeping its id), so every reference to them follows: object permissions, the change log,
statuses, job buttons and hooks, job results, auth permissions. dcim 0004 then drops the models from
dcim's state and points Device.primary_ip4/6 here. Indexes and constraints keep their dcim_* names.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import core.models
import dcim.fields
import ipam.fields

MOVED_MODELS = ("prefix", "ipaddress")


def relabel_content_types(source: str, target: str):
    def relabel(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        for model in MOVED_MODELS:
            moved = ContentType.objects.filter(app_label=source, model=model).first()
            if moved is None:
                continue
            # A content type made for the target meanwhile holds only its default permissions: the moved one,
            # with every reference to it, takes its place.
            ContentType.objects.filter(app_label=target, model=model).delete()
            moved.app_label = target
            moved.save(update_fields=["app_label"])
        # The live ContentType cache (this process) may still map the id to the old label.
        from django.contrib.contenttypes.models import ContentType as LiveContentType

        LiveContentType.objects.clear_cache()

    return relabel


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("dcim", "0003_netbox_statuses"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="IPAddress",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("last_updated", models.DateTimeField(auto_now=True)),
                        ("host", ipam.fields.AddressField(blank=True, editable=False)),
                        ("mask_length", models.PositiveSmallIntegerField(blank=True, editable=False)),
                        (
                            "ip_version",
                            models.PositiveSmallIntegerField(
                                blank=True, choices=[(4, "IPv4"), (6, "IPv6")], editable=False
                            ),
                        ),
                        ("dns_name", models.CharField(blank=True, max_length=255, verbose_name="DNS name")),
                        ("description", models.CharField(blank=True, max_length=200)),
                        (
                            "assigned_interface",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="ip_addresses",
                                to="dcim.interface",
                            ),
                        ),
                        (
                            "status",
                            dcim.fields.StatusField(
                                error_messages={
                                    "invalid": "This status does not apply to ipaddress objects."
                                },
                                limit_choices_to={
                                    "content_types__app_label": "ipam",
                                    "content_types__model": "ipaddress",
                                },
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ip_addresses",
                                to="dcim.status",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "dcim_ipaddress",
                        "verbose_name": "IP address",
                        "verbose_name_plural": "IP addresses",
                        "ordering": ["host", "mask_length"],
                        "indexes": [models.Index(fields=["host", "mask_length"], name="dcim_ipaddress_host")],
                    },
                    bases=(core.models.ChangeLoggedMixin, models.Model),
                ),
                migrations.CreateModel(
                    name="Prefix",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("created", models.DateTimeField(auto_now_add=True)),
                        ("last_updated", models.DateTimeField(auto_now=True)),
                        (
                            "network",
                            ipam.fields.AddressField(
                                blank=True, editable=False, help_text="First address of the prefix."
                            ),
                        ),
                        (
                            "broadcast",
                            ipam.fields.AddressField(
                                blank=True, editable=False, help_text="Last address of the prefix."
                            ),
                        ),
                        ("prefix_length", models.PositiveSmallIntegerField(blank=True, editable=False)),
                        (
                            "ip_version",
                            models.PositiveSmallIntegerField(
                                blank=True, choices=[(4, "IPv4"), (6, "IPv6")], editable=False
                            ),
                        ),
                        ("description", models.CharField(blank=True, max_length=200)),
                        (
                            "site",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="prefixes",
                                to="dcim.site",
                            ),
                        ),
                        (
                            "status",
                            dcim.fields.StatusField(
                                error_messages={"invalid": "This status does not apply to prefix objects."},
                                limit_choices_to={
                                    "content_types__app_label": "ipam",
                                    "content_types__model": "prefix",
                                },
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="prefixes",
                                to="dcim.status",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "dcim_prefix",
                        "verbose_name_plural": "prefixes",
                        "ordering": ["network", "prefix_length"],
                        "indexes": [models.Index(fields=["network", "broadcast"], name="dcim_prefix_range")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("network", "prefix_length"), name="dcim_prefix_unique_network_length"
                            )
                        ],
                    },
                    bases=(core.models.ChangeLoggedMixin, models.Model),
                ),
            ],
        ),
        migrations.AlterModelTable(name="ipaddress", table=None),
        migrations.AlterModelTable(name="prefix", table=None),
        migrations.RunPython(relabel_content_types("dcim", "ipam"), relabel_content_types("ipam", "dcim")),
    ]
