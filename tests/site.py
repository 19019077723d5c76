"""The skeleton of an installation, present in every test database (``tests/conftest.py``).

What the migrations create (locales, Amazigh's included, Salé's arrondissements, proposal
categories, council competences, Wagtail's root page and collection), a home page per language
with the default site pointing at the Arabic one, and the staff groups. Idempotent, and quick (a
few dozen rows): a test that commits flushes every table, so it builds the skeleton again
(``tests/conftest.py``).
"""

from wagtail.models import Collection, Locale, Page, Site

from cms.models import HomePage
from information.defaults import create_refusal_grounds
from information.models import RefusalGround
from participation.commune_defaults import (
    PLAN_AXES,
    create_content_locales_and_arrondissements,
    create_terms,
)
from participation.models import Arrondissement
from petitions.law import COUNCIL_COMPETENCES
from petitions.models import CouncilCompetence
from proposals.models import ProposalCategory
from sharik.i18n import AMAZIGH
from sharik.roles import ensure_staff_groups

HOME_TITLES = {"ar": "شارك", "fr": "Sharik", "en": "Sharik", "zgh": "ⵛⴰⵔⵉⴽ"}


def build_site():
    if Collection.get_first_root_node() is None:  # images and documents are filed in it
        Collection.add_root(name="Root")
    locales = create_content_locales_and_arrondissements(Locale, Arrondissement)
    # Amazigh (cms's migration 0002): its terms fall back to their Arabic names.
    locales[AMAZIGH] = Locale.objects.get_or_create(language_code=AMAZIGH)[0]
    create_terms(Locale, ProposalCategory, PLAN_AXES)
    create_terms(Locale, CouncilCompetence, COUNCIL_COMPETENCES)
    create_refusal_grounds(Locale, RefusalGround)
    home = _home_page(locales["ar"])
    for code in ("fr", "en", AMAZIGH):
        if home.get_translation_or_none(locales[code]) is None:
            translation = home.copy_for_translation(locales[code]).specific
            translation.title = HOME_TITLES[code]
            translation.slug = f"home-{code}"
            translation.save_revision().publish()
    ensure_staff_groups()


def _home_page(locale):
    home = HomePage.objects.filter(locale=locale).first()
    if home is not None:
        return home
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=locale)
    home = HomePage(title=HOME_TITLES["ar"], slug="home-ar", locale=locale)
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        placeholder = site.root_page
        site.root_page = home
        site.save()
        if placeholder.specific_class is Page:  # Wagtail's "Welcome to your new site"
            placeholder.delete()
    return home
