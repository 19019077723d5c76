"""Every public page renders in Arabic, French and English with the right lang/dir, and the
chrome (switcher, navigation, footer) works."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from cms.models import HomePage, SiteLinks, StandardPage

LANGUAGES = [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")]
HTML_TAG = re.compile(r'<html lang="(?P<lang>[a-z]+)" dir="(?P<dir>rtl|ltr)">')


def html_lang_dir(response):
    match = HTML_TAG.search(response.content.decode())
    assert match, "the page has no <html lang dir>"
    return match["lang"], match["dir"]


def page_urls(language):
    """Every published page of one language tree, from the seeded demo site."""
    home = HomePage.objects.get(locale__language_code=language)
    return [p.url for p in Page.objects.descendant_of(home, inclusive=True).live()]


@pytest.mark.django_db
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
def test_footer_links_to_privacy_and_legal_pages_in_the_active_language(client):
    links = SiteLinks.objects.get()
    privacy_fr = links.privacy_page.get_translation(
        links.privacy_page.locale.__class__.objects.get(language_code="fr")
    )
    content = client.get("/fr/").content.decode()
    assert f'href="{privacy_fr.url}"' in content
    assert "/fr/mentions-legales/" in content


@pytest.mark.django_db
def test_navigation_lists_menu_pages_of_the_active_language(client):
    content = client.get("/fr/").content.decode()
    assert 'href="/fr/a-propos/"' in content


@pytest.mark.django_db
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
    font_url = "/static/fonts/ibm-plex-sans-arabic/IBMPlexSansArabic-Regular.ttf"
    assert "IBMPlexSansArabic-Regular.ttf" in b"".join(css.streaming_content).decode()
    font = client.get(font_url)
    assert font.status_code == 200
