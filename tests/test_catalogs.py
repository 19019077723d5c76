"""Every user-facing string of the project is translated in the Arabic and French catalogs."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalog_is_complete(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalog) > 50
    assert [entry.msgid for entry in catalog.untranslated_entries()] == []
    assert [entry.msgid for entry in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_placeholders_survive_translation(language):
    catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalog.translated_entries():
        for placeholder in ("%(", "%s", "%d", "{"):
            assert entry.msgid.count(placeholder) == entry.msgstr.count(placeholder), entry.msgid
