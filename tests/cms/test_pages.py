"""Every public page renders in Arabic, French and English with the right lang/dir, and the
chrome (switcher, navigation, footer) works."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from cms.models import HomePage, SiteLinks, StandardPage
from tests.cms.factories import HomePageFactory, StandardPageFactory, locale_of, translate_page

LANGUAGES = [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")]
HTML_TAG = re.compile(r'<html lang="(?P<lang>[a-z]+)" dir="(?P<dir>rtl|ltr)">')

# The pages of text every installation has, in each language: (title, slug).
ABOUT = {
    "ar": ("عن شارك", "about"),
    "fr": ("À propos de Sharik", "a-propos"),
    "en": ("About Sharik", "about"),
}
PRIVACY = {
    "ar": ("سياسة حماية المعطيات الشخصية", "privacy"),
    "fr": ("Politique de protection des données personnelles", "confidentialite"),
    "en": ("Privacy notice", "privacy"),
}
LEGAL_NOTICE = {
    "ar": ("إشعار قانوني", "legal-notice"),
    "fr": ("Mentions légales", "mentions-legales"),
    "en": ("Legal notice", "legal-notice"),
}


def translated_page(names, **fields):
    """A published page of text under the Arabic home page and its French and English
    translations: {language: page}."""
    title, slug = names["ar"]
    source = StandardPageFactory(title=title, slug=slug, **fields)
    pages = {"ar": source}
    for language in ("fr", "en"):
        title, slug = names[language]
        pages[language] = translate_page(source, language, title=title, slug=slug)
    return pages


@pytest.fixture
def site_pages(site_links_factory):
    """The pages "About" (in the menus), privacy notice and legal notice in each language, the
    footer linking to the last two."""
    pages = {
        "about": translated_page(ABOUT, show_in_menus=True),
        "privacy": translated_page(PRIVACY),
        "legal_notice": translated_page(LEGAL_NOTICE),
    }
    site_links_factory(
        privacy_page=pages["privacy"]["ar"], legal_notice_page=pages["legal_notice"]["ar"]
    )
    return pages


@pytest.fixture
def every_page_type(site_pages):
    """A page of each type in each language, besides the home pages and the pages of text: the
    action plan with an axis and a project, the consultations index with a consultation."""
    from tests.factories import make_consultation, translate_consultation
    from tests.plan.factories import ProjectPageFactory, action_plan

    project = ProjectPageFactory(title="إنارة الحي")
    axis = project.get_parent().specific
    consultation = make_consultation()
    for language in ("fr", "en"):
        action_plan(language)
        translate_page(axis, language, title=f"axis ({language})")
        translate_page(project, language, title=f"project ({language})")
        translate_consultation(consultation, language)


def html_lang_dir(response):
    match = HTML_TAG.search(response.content.decode())
    assert match, "the page has no <html lang dir>"
    return match["lang"], match["dir"]


def page_urls(language):
    """Every published page of one language tree."""
    home = HomePage.objects.get(locale__language_code=language)
    return [p.url for p in Page.objects.descendant_of(home, inclusive=True).live()]


@pytest.mark.django_db
@pytest.mark.usefixtures("every_page_type")
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_every_wagtail_page_renders_with_lang_and_dir(client, language, direction):
    urls = page_urls(language)
    assert len(urls) >= 4  # home, about, privacy notice, legal notice
    for url in urls:
        assert url.startswith(f"/{language}/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_lang_dir(response) == (language, direction)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
@pytest.mark.parametrize(
    "url_name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_email_verification_sent",
    ],
)
def test_account_pages_render_in_each_language(client, language, direction, url_name):
    with translation.override(language):
        url = reverse(url_name)
    assert url.startswith(f"/{language}/")
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang_dir(response) == (language, direction)
    # The allauth pages use the site's own layout.
    assert b'class="skip-link"' in response.content
    assert b'class="site-footer"' in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), LANGUAGES)
def test_profile_page_renders_in_each_language(client, resident, language, direction):
    client.force_login(resident)
    with translation.override(language):
        url = reverse("profile")
    response = client.get(url)
    assert response.status_code == 200
    assert html_lang_dir(response) == (language, direction)


@pytest.mark.django_db
def test_root_redirects_to_arabic_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
def test_root_remembers_the_language_last_read(client):
    client.get("/fr/")
    response = client.get("/")
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
def test_arabic_home_page_is_in_arabic(client):
    content = client.get("/ar/").content.decode()
    assert "شارك" in content
    assert "تسجيل الدخول" in content  # "Log in", from the project catalog
    assert "Log in" not in content


@pytest.mark.django_db
def test_french_home_page_is_in_french(client):
    content = client.get("/fr/").content.decode()
    assert "Se connecter" in content or "Connexion" in content
    assert "Log in" not in content
    assert "Commune de Salé" in content


@pytest.mark.django_db
@pytest.mark.usefixtures("site_pages")
def test_switcher_links_to_the_translation_of_this_page(client):
    about_ar = StandardPage.objects.get(locale__language_code="ar", slug="about")
    about_fr = about_ar.get_translation(about_ar.locale.__class__.objects.get(language_code="fr"))
    response = client.get(about_fr.url)
    content = response.content.decode()
    assert f'href="{about_ar.url}" lang="ar"' in content
    assert about_fr.url == "/fr/a-propos/"


@pytest.mark.django_db
def test_switcher_keeps_a_django_view_in_the_other_language(client):
    content = client.get("/fr/accounts/login/").content.decode()
    assert 'href="/ar/accounts/login/" lang="ar"' in content
    assert 'href="/en/accounts/login/" lang="en"' in content


@pytest.mark.django_db
@pytest.mark.usefixtures("site_pages")
def test_footer_links_to_privacy_and_legal_pages_in_the_active_language(client):
    links = SiteLinks.objects.get()
    privacy_fr = links.privacy_page.get_translation(
        links.privacy_page.locale.__class__.objects.get(language_code="fr")
    )
    content = client.get("/fr/").content.decode()
    assert f'href="{privacy_fr.url}"' in content
    assert "/fr/mentions-legales/" in content


@pytest.mark.django_db
@pytest.mark.usefixtures("site_pages")
def test_navigation_lists_menu_pages_of_the_active_language(client):
    content = client.get("/fr/").content.decode()
    assert 'href="/fr/a-propos/"' in content


@pytest.fixture
def installed_home(site_pages):
    """The home pages as on an installed site: featured links to "About" and the privacy notice,
    the action plan and the consultations in the menus besides "About", the footer's links and
    the three latest proposals (each with its category, arrondissement and author)."""
    from django.utils import timezone

    from proposals.models import Proposal, ProposalCategory, ProposalStatus
    from tests.consultations.factories import consultation_index
    from tests.factories import ResidentFactory
    from tests.plan.factories import action_plan

    for language in ("ar", "fr", "en"):
        action_plan(language)
        consultation_index(language)
        HomePageFactory(
            locale=locale_of(language),
            featured_links=[
                (
                    "link",
                    {
                        "title": site_pages[name][language].title,
                        "description": "",
                        "page": site_pages[name][language],
                        "url": "",
                    },
                )
                for name in ("about", "privacy")
            ],
        )
    categories = list(ProposalCategory.objects.canonical()[:3])
    for number, category in enumerate(categories):
        author = ResidentFactory()
        Proposal.objects.create(
            title=f"مقترح {number}",
            body="نص المقترح",
            category=category,
            arrondissement=author.arrondissement,
            author=author,
            status=ProposalStatus.PUBLISHED,
            published_at=timezone.now(),
        )


@pytest.mark.django_db
@pytest.mark.usefixtures("installed_home")
def test_home_page_query_count_is_bounded(client, django_assert_max_num_queries):
    client.get("/ar/")  # warm the site-root cache
    with django_assert_max_num_queries(26):
        assert client.get("/ar/").status_code == 200


@pytest.mark.django_db
def test_unknown_page_gives_a_translated_404(client):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    assert (
        "Page introuvable" in response.content.decode()
        or "Page non trouvée" in response.content.decode()
    )


@pytest.mark.django_db
def test_security_headers_on_public_pages(client):
    response = client.get("/ar/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_endpoint(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.django_db
def test_the_web_font_is_served_by_the_site(client):
    css = client.get("/static/sharik/css/site.css")
    assert css.status_code == 200
    font_url = "/static/fonts/ibm-plex-sans-arabic/IBMPlexSansArabic-Regular-arabic.woff2"
    assert "IBMPlexSansArabic-Regular-arabic.woff2" in b"".join(css.streaming_content).decode()
    font = client.get(font_url)
    assert font.status_code == 200
