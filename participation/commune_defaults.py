"""Salé's defaults (docs/architecture.md, "Salé's defaults"), used by the data migration and by ``seed_demo``.

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


# The forum's four axes first (docs/architecture.md, "Salé's defaults"), then the other axes of a commune's action plan.
PLAN_AXES = [
    (
        "digital-administration",
        "الإدارة الرقمية",
        "Administration numérique",
        "Digital administration",
    ),
    ("digital-platforms", "المنصات الرقمية", "Plateformes numériques", "Digital platforms"),
    ("digital-communication", "التواصل الرقمي", "Communication numérique", "Digital communication"),
    ("open-administration", "الإدارة المنفتحة", "Administration ouverte", "Open administration"),
    ("mobility", "التنقل والطرق", "Mobilité et voirie", "Mobility and roads"),
    (
        "environment",
        "البيئة والمساحات الخضراء",
        "Environnement et espaces verts",
        "Environment and green spaces",
    ),
    ("culture-sport", "الثقافة والرياضة", "Culture et sport", "Culture and sport"),
    ("social", "العمل الاجتماعي", "Action sociale", "Social action"),
    ("economy", "الاقتصاد المحلي والتشغيل", "Économie locale et emploi", "Local economy and jobs"),
]


def create_terms(locale_model, term_model, terms):
    """Create translated terms (one row per language) where missing; idempotent."""
    locales = {
        code: locale_model.objects.get_or_create(language_code=code)[0]
        for code in CONTENT_LANGUAGES
    }
    for order, (slug, *names) in enumerate(terms):
        if term_model.objects.filter(slug=slug).exists():
            continue
        key = uuid.uuid4()
        for code, name in zip(CONTENT_LANGUAGES, names, strict=True):
            term_model.objects.create(
                translation_key=key, locale=locales[code], slug=slug, name=name, sort_order=order
            )
    return locales


def create_content_locales_and_arrondissements(locale_model, arrondissement_model):
    """Create the ar/fr/en locales and Salé's arrondissements where missing (idempotent)."""
    return create_terms(locale_model, arrondissement_model, SALE_ARRONDISSEMENTS)
