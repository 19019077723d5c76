"""Every user-facing string of the project is translated in the Arabic and French catalogs."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalog_is_complete(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalog) > 50
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []


#: Plural forms whose word says the number (Arabic: n == 0, 1, 2 — "no item", "one item",
#: "two items" are written without the figure, "سيتغير عنصران", not "2 عنصران"); they may leave
#: out the count's placeholder, and only it.
NUMBER_IN_THE_WORD = {"ar": {0, 1, 2}, "fr": set()}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_placeholders_survive_translation(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalog.translated_entries():
        if entry.msgid_plural:
            translations = sorted(entry.msgstr_plural.items())
        else:
            translations = [(None, entry.msgstr)]
        source = entry.msgid_plural or entry.msgid
        for form, translation in translations:
            for placeholder in ("%(", "%s", "%d", "{"):
                expected = source.count(placeholder)
                found = translation.count(placeholder)
                if form in NUMBER_IN_THE_WORD[language] and found == expected - 1:
                    continue  # the count, said by the word
                assert found == expected, (entry.msgid, form)


#: The quotation marks of each language: French « … » with no-break spaces inside (never left
#: alone at the end of a line), Arabic «…»; the English source's “…” in neither.
QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "ar": ("«", "»")}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_translations_quote_in_their_language(language):
    opening, closing = QUOTES[language]
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalog.translated_entries():
        for translation in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert "“" not in translation and "”" not in translation, entry.msgid
            assert translation.count("«") == translation.count(opening), entry.msgid
            assert translation.count("»") == translation.count(closing), entry.msgid
