"""Prefix and IPAddress now belong to the ipam app (see ipam 0001, which took over their tables): they leave
dcim's state, and Device.primary_ip4/6 point at ipam.IPAddress. Nothing changes in the database here.

Colour fields are labelled "colour", as the UI writes it (no database change either).
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

COLOR_VALIDATOR = django.core.validators.RegexValidator(
    "^[0-9a-f]{6}$", "Enter a colour as six lower-case hex digits, e.g. 4caf50."
)


def primary_ip(version: int) -> models.ForeignKey:
    return models.ForeignKey(
        blank=True,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to="ipam.ipaddress",
        verbose_name=f"primary IPv{version}",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0003_netbox_statuses"),
        ("ipam", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="device", name="primary_ip4", field=primary_ip(4)),
                migrations.AlterField(model_name="device", name="primary_ip6", field=primary_ip(6)),
                migrations.DeleteModel(name="IPAddress"),
                migrations.DeleteModel(name="Prefix"),
            ],
        ),
        migrations.AlterField(
            model_name="cable",
            name="color",
            field=models.CharField(
                blank=True, max_length=6, validators=[COLOR_VALIDATOR], verbose_name="colour"
            ),
        ),
        migrations.AlterField(
            model_name="devicerole",
            name="color",
            field=models.CharField(
                default="9e9e9e", max_length=6, validators=[COLOR_VALIDATOR], verbose_name="colour"
            ),
        ),
        migrations.AlterField(
            model_name="status",
            name="color",
            field=models.CharField(
                default="9e9e9e", max_length=6, validators=[COLOR_VALIDATOR], verbose_name="colour"
            ),
        ),
    ]
