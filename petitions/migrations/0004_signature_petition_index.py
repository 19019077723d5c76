"""The index Django made for a signature's petition alone is dropped: both unique constraints
start with the petition, and every signature wrote it. Only the index is dropped in the
database (altering the field there would drop and re-validate its foreign key)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0003_signature_public_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="signature",
                    name="petition",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="signatures",
                        to="petitions.petition",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "petitions_signature_petition_id_5a17fa21"',
                    'CREATE INDEX "petitions_signature_petition_id_5a17fa21" '
                    'ON "petitions_signature" ("petition_id")',
                ),
            ],
        ),
    ]
