"""The site's factories build what the tests assume: the skeleton's home page of each language,
published pages of text and their translations, the footer's links of the default site."""

import pytest
from wagtail.models import Site

from cms.models import HomePage, SiteLinks
from tests.cms.factories import home_page, translate_page

pytestmark = pytest.mark.django_db


def test_the_home_page_is_the_skeletons_and_takes_the_fields_given(home_page_factory):
    arabic = HomePage.objects.get(locale__language_code="ar")
    assert home_page_factory() == arabic
    changed = home_page_factory(introduction="مقدمة جديدة")
    assert changed.pk == arabic.pk and changed.live
    assert HomePage.objects.get(pk=arabic.pk).introduction == "مقدمة جديدة"
    assert HomePage.objects.count() == 4  # one per language: ar, zgh, fr, en


def test_a_page_of_text_is_published_under_the_arabic_home(standard_page, client):
    assert standard_page.get_parent().specific == home_page("ar")
    assert standard_page.live and not standard_page.comments_enabled
    assert client.get(standard_page.url).status_code == 200


def test_a_translation_goes_under_the_home_page_of_its_language(standard_page):
    french = translate_page(standard_page, "fr", title="Page", slug="page")
    assert french.get_parent().specific == home_page("fr")
    assert french.translation_key == standard_page.translation_key
    assert french.live and french.url == "/fr/page/"
    assert translate_page(standard_page, "fr") == french


def test_the_footer_links_of_the_default_site(site_links, standard_page, site_links_factory):
    assert site_links.site == Site.objects.get(is_default_site=True)
    changed = site_links_factory(privacy_page=standard_page)
    assert changed.pk == site_links.pk and SiteLinks.objects.count() == 1
    assert SiteLinks.objects.get().privacy_page_id == standard_page.pk
