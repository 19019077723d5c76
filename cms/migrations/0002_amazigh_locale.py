"""The Amazigh content locale (zgh, Tifinagh), beside Arabic (organic law 26-16).

Only the locale: as for French and English, the home page in Amazigh is a translation editors
make of the Arabic one (Translate, in the page explorer). Until then ``/zgh/`` serves the Arabic
page, with the site's chrome in Amazigh (falling back to Arabic; sharik/i18n.py).
"""

from django.db import migrations


def create_amazigh_locale(apps, schema_editor):
    apps.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="zgh")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("participation", "0003_sale_arrondissements"),  # after the ar/fr/en locales
    ]

    operations = [migrations.RunPython(create_amazigh_locale, migrations.RunPython.noop)]
