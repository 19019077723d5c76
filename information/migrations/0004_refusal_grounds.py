"""The grounds for refusal of law 31-13 as editable defaults (``REFUSAL_GROUNDS`` in
information/law.py)."""

from django.db import migrations

from information.law import REFUSAL_GROUNDS
from participation.commune_defaults import create_terms


def create_grounds(apps, schema_editor):
    ground = apps.get_model("information", "RefusalGround")
    create_terms(
        apps.get_model("wagtailcore", "Locale"),
        ground,
        [names for *names, _article in REFUSAL_GROUNDS],
    )
    for slug, *_names, article in REFUSAL_GROUNDS:
        ground.objects.filter(slug=slug, article="").update(article=article)


class Migration(migrations.Migration):
    dependencies = [
        ("information", "0003_information_requests"),
        ("participation", "0003_sale_arrondissements"),
    ]

    operations = [migrations.RunPython(create_grounds, migrations.RunPython.noop)]
