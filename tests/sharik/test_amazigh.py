"""Amazigh (zgh, Tifinagh) beside Arabic, as organic law 26-16 asks (sharik/i18n.py).

Pages under ``/zgh/`` are written left to right; what the Amazigh catalog translates shows in
Tifinagh, and everything it does not (yet) — the project's strings, Django's, allauth's — shows
in Arabic, never in English. The Tifinagh web font is built from a package (sharik/fonts.py)."""

import re
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import get_language_info, gettext, ngettext
from fontTools.ttLib import TTFont

from sharik.fonts import (
    TIFINAGH_RANGES,
    TIFINAGH_WEIGHTS,
    build_web_font,
    tifinagh_font_name,
    tifinagh_sources,
)
from sharik.i18n import AMAZIGH, check_amazigh_falls_back_to_arabic

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
CSS = ROOT / "static" / "sharik" / "css"
# IRCAM's alphabet (the 33 letters of standard Moroccan Tifinagh) and the labialisation mark.
IRCAM_LETTERS = "ⴰⴱⴳⴷⴹⴻⴼⴽⵀⵃⵄⵅⵇⵉⵊⵍⵎⵏⵓⵔⵕⵖⵙⵚⵛⵜⵟⵡⵢⵣⵥⵯ"
TIFINAGH = re.compile("[\u2d30-\u2d7f]")


def catalog(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def arabic(msgid):
    """The Arabic catalog's translation of ``msgid``."""
    entry = catalog("ar").find(msgid)
    assert entry is not None and entry.msgstr, msgid
    return entry.msgstr


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return unescape(response.content.decode())


# --- The language -------------------------------------------------------------------------------


def test_amazigh_is_offered_named_in_tifinagh_and_written_left_to_right():
    assert ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ") in settings.LANGUAGES
    assert ("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ") in settings.WAGTAIL_CONTENT_LANGUAGES
    info = get_language_info(AMAZIGH)  # Django does not know zgh: sharik/i18n.py teaches it
    assert info["bidi"] is False
    assert info["name"] == "Standard Moroccan Tamazight"
    assert info["name_local"] == "ⵜⴰⵎⴰⵣⵉⵖⵜ"
    with translation.override(AMAZIGH):
        assert translation.get_language_bidi() is False


def test_the_fallback_is_checked_to_be_arabic():
    assert check_amazigh_falls_back_to_arabic() == []
    assert not [message for message in run_checks() if message.id.startswith("sharik.")]
    with override_settings(LANGUAGE_CODE="fr", LANGUAGES=[*settings.LANGUAGES]):
        errors = check_amazigh_falls_back_to_arabic()
    assert [error.id for error in errors] == ["sharik.E001"]


# --- Pages in Amazigh ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_amazigh_page_is_left_to_right_in_tifinagh_and_arabic_where_untranslated(client):
    html = page(client, "/zgh/")
    assert '<html lang="zgh" dir="ltr">' in html
    # Translated: the main navigation's home link and the log-in link, in Tifinagh.
    assert "ⵜⴰⵙⵏⴰ ⵜⴰⵎⵣⵡⴰⵔⵓⵜ" in html
    assert ">ⴽⵛⵎ<" in html
    # Missing from the Amazigh catalog: shown in Arabic, not in the English of the source.
    for msgid in ("Skip to main content", "Latest proposals", "Petitions"):
        assert arabic(msgid) in html
        assert msgid not in html
    # A draft (fuzzy) is not shown until a translator checks it: Arabic meanwhile.
    assert arabic("Create an account") in html
    assert "ⵙⵏⵓⵍⴼⵓ ⴰⵎⵉⴹⴰⵏ" not in html


@pytest.mark.django_db
def test_the_language_switcher_offers_amazigh_in_tifinagh(client):
    def link(html):
        """The switcher's link to Amazigh: its attributes, named in Tifinagh."""
        found = re.search(r'<a ([^>]*hreflang="zgh"[^>]*)>ⵜⴰⵎⴰⵣⵉⵖⵜ</a>', html)
        assert found, "no link to Amazigh"
        return found.group(1)

    in_arabic = link(page(client, "/ar/proposals/"))
    assert 'href="/zgh/proposals/"' in in_arabic and 'lang="zgh"' in in_arabic
    amazigh = page(client, "/zgh/proposals/")
    assert '<html lang="zgh" dir="ltr">' in amazigh
    assert 'aria-current="true"' in link(amazigh)


@pytest.mark.django_db
def test_the_log_in_page_gives_allauths_strings_in_arabic(client):
    with translation.override(AMAZIGH):
        url = reverse("account_login")
    assert url.startswith("/zgh/")
    html = page(client, url)
    assert '<html lang="zgh" dir="ltr">' in html
    with translation.override("ar"):
        sign_in = gettext("Sign In")  # allauth's own catalog
    assert sign_in != "Sign In"
    assert sign_in in html


def test_django_allauth_and_plural_strings_fall_back_to_arabic_never_english():
    untranslated = next(
        entry
        for entry in catalog(AMAZIGH)
        if entry.msgid_plural and not entry.translated() and not entry.msgctxt
    )
    for count in (0, 1, 2, 5, 11, 100):
        with translation.override("ar"):
            expected = ngettext(untranslated.msgid, untranslated.msgid_plural, count)
        with translation.override(AMAZIGH):
            # Arabic's own plural form for the number (Arabic has six).
            assert ngettext(untranslated.msgid, untranslated.msgid_plural, count) == expected
    for msgid in ("This field is required.", "Sign In", "Forgot your password?"):
        with translation.override("ar"):
            expected = gettext(msgid)
        assert expected != msgid
        with translation.override(AMAZIGH):
            assert gettext(msgid) == expected


def test_dates_in_amazigh_take_the_months_in_tifinagh():
    import datetime

    with translation.override(AMAZIGH):
        written = formats.date_format(datetime.date(2026, 12, 25), "DATE_FORMAT")
    assert written == "\u206625 ⴷⵓⵊⴰⵏⴱⵉⵔ 2026\u2069"  # a left-to-right isolate (formats/zgh)


# --- The catalog --------------------------------------------------------------------------------


def test_the_amazigh_catalog_may_be_partial_and_writes_only_tifinagh():
    zgh = catalog(AMAZIGH)
    assert zgh.metadata["Language"] == "zgh"
    assert zgh.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    translated = zgh.translated_entries()
    assert len(translated) >= 20
    assert zgh.untranslated_entries()  # partial, by design: the rest is shown in Arabic
    for entry in translated:
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        source = entry.msgid_plural or entry.msgid
        for text in translations:
            # Tifinagh, with spaces, digits, punctuation and placeholders: no Latin or Arabic
            # letters slipped in. A source of punctuation only (the list separator, ", ") is
            # translated to punctuation: Latin, as Tifinagh is written, not the Arabic that an
            # untranslated string would fall back to.
            letters = re.sub(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}", "", text)
            if re.search(r"[^\W\d_]", source):
                assert TIFINAGH.search(letters), entry.msgid
            assert not re.search(r"[A-Za-z\u0600-\u06ff]", letters), entry.msgid
            for placeholder in ("%(", "%s", "%d", "{"):
                assert source.count(placeholder) == text.count(placeholder), entry.msgid


# --- The Tifinagh web font ----------------------------------------------------------------------


def test_the_tifinagh_font_comes_from_a_package_light_with_the_ircam_alphabet(tmp_path):
    sources = tifinagh_sources()
    assert set(sources) == set(TIFINAGH_WEIGHTS)
    assert all("site-packages" in str(source) for source in sources.values())  # not the system
    for weight, source in sources.items():
        built = build_web_font(source, tmp_path / tifinagh_font_name(weight), TIFINAGH_RANGES)
        assert built.read_bytes()[:4] == b"wOF2"
        assert built.stat().st_size < 16 * 1024
        characters = TTFont(built).getBestCmap()
        assert all(ord(letter) in characters for letter in IRCAM_LETTERS), weight
        assert ord("a") not in characters and ord("ش") not in characters  # IBM Plex's


def test_the_tifinagh_stylesheet_joins_the_sites_family_for_tifinagh_only():
    tifinagh = (CSS / "tifinagh.css").read_text()
    site = (CSS / "site.css").read_text()
    family = re.search(r'@font-face \{\s*font-family: "([^"]+)"', site).group(1)
    faces = re.findall(r"@font-face \{(.*?)\}", tifinagh, re.S)
    # Bold serves site.css's 600 and 700, as site.css's own bold face does.
    assert {re.search(r"font-weight: ([\d ]+);", face).group(1) for face in faces} == {
        "400",
        "600 700",
    }
    for face in faces:
        assert f'font-family: "{family}";' in face
        assert "unicode-range: U+2D30-2D7F;" in face
        url = re.search(r'url\("../../fonts/tifinagh/([^"]+)"\) format\("woff2"\)', face)
        assert url and url.group(1) in {tifinagh_font_name(w) for w in TIFINAGH_WEIGHTS}
    assert ".ttf" not in tifinagh
