"""CableTermination: a read-only view of each cable's two ends (NetBox 3.3+'s model, read from dcim_cable)."""

from django.db import migrations, models

# The row ids are derived from the cable's id and its end, so a row keeps its id for as long as the cable does.
VIEW = """
CREATE VIEW dcim_cabletermination AS
SELECT md5(cable.id::text || 'A')::uuid AS id, cable.id AS cable_id, 'A'::varchar(1) AS cable_end,
       cable.termination_a_type_id AS termination_type_id, cable.termination_a_id AS termination_id
  FROM dcim_cable AS cable
UNION ALL
SELECT md5(cable.id::text || 'B')::uuid, cable.id, 'B'::varchar(1),
       cable.termination_b_type_id, cable.termination_b_id
  FROM dcim_cable AS cable
"""


class Migration(migrations.Migration):
    dependencies = [
        ("dcim", "0012_choices_as_callables"),
    ]

    operations = [
        migrations.RunSQL(
            sql=VIEW,
            reverse_sql="DROP VIEW IF EXISTS dcim_cabletermination",
        ),
        migrations.CreateModel(
            name="CableTermination",
            fields=[
                ("id", models.UUIDField(primary_key=True, serialize=False)),
                ("cable_end", models.CharField(choices=[("A", "A"), ("B", "B")], max_length=1)),
                ("termination_id", models.UUIDField()),
            ],
            options={
                "db_table": "dcim_cabletermination",
                "ordering": ["cable", "cable_end"],
                "managed": False,
            },
        ),
    ]
