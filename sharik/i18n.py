"""Compiling the project's message catalogs without GNU gettext, and the Amazigh language.

The ``.po`` files under ``locale/`` are the source; the ``.mo`` files Django reads are built from
them by ``manage.py compile_catalogs`` (run by ``dev.py``) with polib, so a machine that has only
Python can run Sharik in Arabic, Amazigh and French.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core import checks


def catalog_files():
    for locale_path in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po"))


def compile_catalogs():
    """Write each catalog's ``.mo`` when it is missing or older than its ``.po``; return those.

    Only translated entries are written (polib leaves out empty and fuzzy ones), so a string the
    Amazigh catalog does not translate yet is absent from its ``.mo`` and falls back to Arabic
    (``AMAZIGH_FALLBACK`` below)."""
    compiled = []
    for po_path in catalog_files():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


# --- Amazigh (Tamazight, in Tifinagh) ---------------------------------------------------------

AMAZIGH = "zgh"  # ISO 639-3: Standard Moroccan Tamazight
AMAZIGH_FALLBACK = "ar"
AMAZIGH_LANG_INFO = {
    "bidi": False,  # Tifinagh is written left to right
    "code": AMAZIGH,
    "name": "Standard Moroccan Tamazight",
    "name_local": "ⵜⴰⵎⴰⵣⵉⵖⵜ",
}


def teach_django_amazigh():
    """Add Standard Moroccan Tamazight to Django's LANG_INFO, which does not know it, so that
    ``get_language_info("zgh")`` and ``{% get_language_info %}`` answer (SharikConfig.ready)."""
    LANG_INFO.setdefault(AMAZIGH, AMAZIGH_LANG_INFO)


def check_amazigh_falls_back_to_arabic(app_configs=None, **kwargs):
    """The Amazigh fallback: a string not (yet) translated into Amazigh is shown in Arabic, never
    in English.

    Organic law 26-16 (the official character of Amazigh) asks communes to use Amazigh beside
    Arabic in what they publish and in their services. Amazigh translations come by stages, so
    the catalog ``locale/zgh`` may be partial; what it lacks must then reach residents in the
    other official language, Arabic, not in the English of the source strings.

    How: Django gives a string missing from a language's catalogs in the language of
    ``LANGUAGE_CODE`` (``DjangoTranslation._add_fallback``; documented under ``LANGUAGE_CODE``:
    "the fallback translation when a translation for a given literal doesn't exist"), and
    ``LANGUAGE_CODE`` is Arabic. This holds for every catalog at once — the project's, Django's,
    allauth's, Wagtail's (none of which has Amazigh) — and ``ngettext`` then takes Arabic's own
    plural form for the number (Arabic's six forms are kept, none is mapped onto Amazigh's two).
    ``compile_catalogs`` leaves untranslated entries out of the ``.mo``, so they are missing.
    Names of terms (arrondissements, categories) fall back to Arabic the same way
    (``TranslatedTermQuerySet.names_in``), as do pages not translated into Amazigh
    (Wagtail serves the Arabic page).

    This system check keeps that true: it fails if Amazigh is offered while ``LANGUAGE_CODE``
    is not Arabic, or if Amazigh's catalog is not compiled (Django would then refuse ``/zgh/``).
    """
    errors = []
    if AMAZIGH not in dict(settings.LANGUAGES):
        return errors
    if settings.LANGUAGE_CODE != AMAZIGH_FALLBACK:
        errors.append(
            checks.Error(
                f"LANGUAGE_CODE is {settings.LANGUAGE_CODE!r}: Amazigh strings not yet "
                "translated would not be shown in Arabic (organic law 26-16).",
                hint=f"Keep LANGUAGE_CODE = {AMAZIGH_FALLBACK!r} (sharik/i18n.py).",
                id="sharik.E001",
            )
        )
    compiled = any(
        (Path(path) / AMAZIGH / "LC_MESSAGES" / "django.mo").exists()
        for path in settings.LOCALE_PATHS
    )
    if not compiled:
        errors.append(
            checks.Warning(
                "The Amazigh catalog is not compiled: /zgh/ addresses are not served.",
                hint="Run manage.py compile_catalogs.",
                id="sharik.W001",
            )
        )
    return errors
