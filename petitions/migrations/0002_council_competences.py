"""The commune's own competences, as editable defaults (``COUNCIL_COMPETENCES`` in petitions/law.py)."""

from django.db import migrations

from participation.commune_defaults import create_terms
from petitions.law import COUNCIL_COMPETENCES


def create_competences(apps, schema_editor):
    create_terms(
        apps.get_model("wagtailcore", "Locale"),
        apps.get_model("petitions", "CouncilCompetence"),
        COUNCIL_COMPETENCES,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0001_initial"),
        ("participation", "0003_sale_arrondissements"),
    ]

    operations = [migrations.RunPython(create_competences, migrations.RunPython.noop)]
