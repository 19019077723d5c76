"""The action plan's axes as the default proposal categories (editable in the admin)."""

from django.db import migrations

from participation.commune_defaults import PLAN_AXES, create_terms


def create_categories(apps, schema_editor):
    create_terms(
        apps.get_model("wagtailcore", "Locale"), apps.get_model("proposals", "ProposalCategory"),
        PLAN_AXES,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("participation", "0003_sale_arrondissements"),
    ]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
