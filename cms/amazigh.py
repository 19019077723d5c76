"""Amazigh pages mirror the Arabic ones until translators write them (organic law 26-16).

The Amazigh site (``/zgh/``) has its own home page, so Wagtail routes ``/zgh/…`` through the
Amazigh tree; a page missing from it would answer 404 where the Arabic page exists, and the
home page's sections (the Amazigh locale's consultations, events …) would be empty. Each Arabic
page therefore has an Amazigh *alias* (Wagtail's own mechanism: same content, same translation
key, updated whenever the Arabic page is published), made when the page is created in the admin
and by ``manage.py mirror_amazigh_pages`` for pages made otherwise (the demo, an import, pages
from before Amazigh). Translators turn an alias into a translation from the page explorer
("Convert to ordinary page"); the site's strings fall back to Arabic the same way
(sharik/i18n.py).
"""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page


def amazigh_locale():
    """The locale whose site mirrors the Arabic pages (settings.SHARIK_MIRRORED_LANGUAGE:
    Amazigh), if it is offered and exists."""
    code = getattr(settings, "SHARIK_MIRRORED_LANGUAGE", None)
    if code is None or code not in dict(settings.LANGUAGES):
        return None
    return Locale.objects.filter(language_code=code).first()


def _mirror(page, locale):
    if page.has_translation(locale):
        return None
    if not page.get_parent().has_translation(locale) and not page.get_parent().is_root():
        return None  # the Amazigh tree has no place for it (no Amazigh home page yet)
    return page.copy_for_translation(locale, copy_parents=True, alias=True)


def mirror_page(page):
    """The Amazigh alias of an Arabic ``page``, made if missing; None when there is nothing to
    mirror (not an Arabic page, no Amazigh locale or home page)."""
    locale = amazigh_locale()
    if locale is None or page.locale.language_code != settings.LANGUAGE_CODE:
        return None
    if page.is_root() or page.depth <= 2:  # the root and the home pages are not mirrored
        return None
    return _mirror(page, locale)


@transaction.atomic
def mirror_arabic_pages():
    """Mirror every Arabic page missing from the Amazigh tree, parents first. Returns how many
    aliases were made."""
    locale = amazigh_locale()
    if locale is None:
        return 0
    arabic = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if arabic is None:
        return 0
    made = 0
    pages = Page.objects.filter(locale=arabic, depth__gt=2).order_by("path")
    for page in pages:
        if _mirror(page, locale) is not None:
            made += 1
    return made
