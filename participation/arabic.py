"""Arabic spelling variants, folded the same way in what is searched and in what is typed.

Residents write the same word several ways: hamza on the alif or not (أ إ آ ا), tā' marbūṭa or
hā' at the end (ة ه), alif maqṣūra or yā' (ى ي), a stretched word (tatweel ـ) and, rarely on a
phone, the short vowels. A search that compares letters as typed misses "شهادة السكني" when the
page says "شهادة السكنى". ``fold_arabic`` maps each word to one spelling; search indexes store
the folded text (``SearchableText``) and queries are folded before they run, so both sides
meet. Latin text is lower-cased and keeps its accents (French words differ by them rarely, and
PostgreSQL's "simple" configuration does the same).
"""

import re

from django.utils.html import strip_tags

# Hamza forms of alif and the madda → bare alif; tā' marbūṭa → hā'; alif maqṣūra → yā';
# hamza on wāw / yā' → the bare letter.
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
    }
)
# Tatweel, the short vowels, shadda, sukun, the superscript alif and Quranic marks.
_MARKS = re.compile("[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")


def fold_arabic(text):
    """One spelling for every variant: ``fold_arabic("شهادة السكنى") == "شهاده السكني"``."""
    if not text:
        return ""
    return _MARKS.sub("", str(text)).translate(_LETTERS).lower()


class SearchableText:
    """A model mixin: ``search_text()`` is the folded text of ``searchable_fields`` (attribute
    names, dotted for related objects), for a Wagtail ``index.SearchField("search_text")``.

    Keep the original fields indexed too (titles rank first); the folded copy is what lets a
    variant spelling match."""

    searchable_fields = ("title",)

    def search_text(self):
        parts = []
        for name in self.searchable_fields:
            value = self
            for attribute in name.split("."):
                value = getattr(value, attribute, None)
                if value is None:
                    break
            if callable(value):
                value = value()
            if value:
                parts.append(strip_tags(str(value)))
        return fold_arabic(" ".join(parts))
