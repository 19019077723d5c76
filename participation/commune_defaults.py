"""Salé's defaults (DESIGN.md §5), used by the data migration and by ``seed_demo``.

Another commune edits its arrondissements in the staff admin; these only fill an empty database.
"""

import uuid

CONTENT_LANGUAGES = ("ar", "fr", "en")

SALE_ARRONDISSEMENTS = [
    # slug, Arabic, French, English
    ("bab-lamrissa", "باب لمريسة", "Bab Lamrissa", "Bab Lamrissa"),
    ("bettana", "بطانة", "Bettana", "Bettana"),
    ("hssaine", "احصين", "Hssaine", "Hssaine"),
    ("layayda", "العيايدة", "Layayda", "Layayda"),
    ("tabriquet", "تابريكت", "Tabriquet", "Tabriquet"),
]


def create_content_locales_and_arrondissements(locale_model, arrondissement_model):
    """Create the ar/fr/en locales and Salé's arrondissements where missing (idempotent)."""
    locales = {
        code: locale_model.objects.get_or_create(language_code=code)[0]
        for code in CONTENT_LANGUAGES
    }
    for order, (slug, *names) in enumerate(SALE_ARRONDISSEMENTS):
        if arrondissement_model.objects.filter(slug=slug).exists():
            continue
        key = uuid.uuid4()
        for code, name in zip(CONTENT_LANGUAGES, names, strict=True):
            arrondissement_model.objects.create(
                translation_key=key, locale=locales[code], slug=slug, name=name, sort_order=order
            )
    return locales
