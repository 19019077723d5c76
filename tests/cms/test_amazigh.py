"""Amazigh pages mirror the Arabic ones until translated (cms/amazigh.py): ``/zgh/…`` serves
every page the Arabic site has, in the Amazigh interface, with the Arabic text."""

import pytest
from django.core.management import call_command
from wagtail import hooks

from cms.amazigh import mirror_arabic_pages, mirror_page
from cms.models import StandardPage
from tests.cms.factories import StandardPageFactory, locale_of, translate_page

pytestmark = pytest.mark.django_db


# Committed, as the command's work is: its commit moves the generation on, which ends the ways to
# pages remembered meanwhile (cms/routing.py), the 404 read first included.
@pytest.mark.django_db(transaction=True)
def test_an_arabic_page_not_yet_in_amazigh_is_served_at_its_amazigh_address(client):
    page = StandardPageFactory(slug="about", title="عن المنصة")
    child = StandardPageFactory(slug="charter", title="الميثاق", parent=page)
    assert client.get("/zgh/about/charter/").status_code == 404

    assert mirror_arabic_pages() == 2

    response = client.get("/zgh/about/charter/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zgh" dir="ltr"' in html
    assert "الميثاق" in html
    alias = child.get_translation(locale_of("zgh"))
    assert alias.alias_of_id == child.pk
    assert alias.translation_key == child.translation_key  # features find it by its key


def test_the_alias_follows_the_arabic_page_when_it_is_published_again(client):
    page = StandardPageFactory(slug="about", title="عن المنصة")
    mirror_arabic_pages()
    page.title = "عن شارك"
    page.save_revision().publish()
    assert "عن شارك" in client.get("/zgh/about/").content.decode()


def test_mirroring_twice_makes_nothing_and_leaves_translations_alone():
    page = StandardPageFactory(slug="about")
    translated = translate_page(page, "zgh", title="ⴼ ⵛⴰⵔⵉⴽ")
    other = StandardPageFactory(slug="privacy")

    assert mirror_arabic_pages() == 1
    assert mirror_arabic_pages() == 0
    assert StandardPage.objects.get(pk=translated.pk).alias_of_id is None
    assert other.get_translation(locale_of("zgh")).alias_of_id == other.pk


def test_french_pages_and_the_home_pages_are_not_mirrored():
    page = StandardPageFactory(slug="about")
    french = translate_page(page, "fr", title="À propos")
    assert mirror_page(french) is None
    assert not StandardPage.objects.filter(alias_of=french).exists()
    assert mirror_page(page.get_parent().specific) is None


def test_a_page_an_editor_creates_in_arabic_is_mirrored_at_once():
    page = StandardPageFactory(slug="about")
    for hook in hooks.get_hooks("after_create_page"):
        hook(None, page)
    assert page.has_translation(locale_of("zgh"))


def test_the_command_reports_what_it_made():
    StandardPageFactory(slug="about")
    from io import StringIO

    out = StringIO()
    call_command("mirror_amazigh_pages", stdout=out)
    assert out.getvalue().strip() == "Amazigh aliases made: 1."
