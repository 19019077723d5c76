"""Follows indexed for their two reads: a host's followers (``follow_host``) and a resident's
follows (the unique constraint, which starts with the resident). The indexes Django made for the
two foreign keys alone are dropped: every signature and support writes a follow.

Only the indexes are dropped in the database: altering the fields there would also drop and
re-add their foreign keys, which validates them over the whole table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("participation", "0005_comment_submission"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="follow",
                    name="content_type",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                migrations.AlterField(
                    model_name="follow",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="follows",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "participation_follow_content_type_id_8f1d1aec"',
                    'CREATE INDEX "participation_follow_content_type_id_8f1d1aec" '
                    'ON "participation_follow" ("content_type_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "participation_follow_user_id_9db33eaf"',
                    'CREATE INDEX "participation_follow_user_id_9db33eaf" '
                    'ON "participation_follow" ("user_id")',
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="follow",
            index=models.Index(fields=["content_type", "object_id"], name="follow_host"),
        ),
    ]
