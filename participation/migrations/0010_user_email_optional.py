# An account a counter agent opens for a resident without an email address (counters/).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0009_display_name_without_direction_controls"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(
                blank=True, max_length=254, null=True, unique=True, verbose_name="email address"
            ),
        ),
    ]
