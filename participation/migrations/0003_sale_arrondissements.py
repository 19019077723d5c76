"""Salé's five arrondissements and the three content locales, as editable defaults.

Another commune edits or replaces them in the staff admin (Arrondissements).
"""

from django.db import migrations

from participation.commune_defaults import create_content_locales_and_arrondissements


def create_defaults(apps, schema_editor):
    create_content_locales_and_arrondissements(
        apps.get_model("wagtailcore", "Locale"), apps.get_model("participation", "Arrondissement")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_core"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
