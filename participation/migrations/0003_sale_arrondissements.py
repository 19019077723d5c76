"""Salé's five arrondissements and the three content locales, as editable defaults.

Another commune edits or replaces them in the staff admin (Arrondissements).
"""

import uuid

from django.db import migrations

LANGUAGES = ("ar", "fr", "en")

SALE_ARRONDISSEMENTS = [
    # slug, Arabic, French, English
    ("bab-lamrissa", "باب لمريسة", "Bab Lamrissa", "Bab Lamrissa"),
    ("bettana", "بطانة", "Bettana", "Bettana"),
    ("hssaine", "احصين", "Hssaine", "Hssaine"),
    ("layayda", "العيايدة", "Layayda", "Layayda"),
    ("tabriquet", "تابريكت", "Tabriquet", "Tabriquet"),
]


def create_defaults(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Arrondissement = apps.get_model("participation", "Arrondissement")
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    for order, (slug, *names) in enumerate(SALE_ARRONDISSEMENTS):
        if Arrondissement.objects.filter(slug=slug).exists():
            continue
        key = uuid.uuid4()
        for code, name in zip(LANGUAGES, names, strict=True):
            Arrondissement.objects.create(
                translation_key=key, locale=locales[code], slug=slug, name=name, sort_order=order
            )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_arrondissement"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
