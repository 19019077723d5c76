"""Arabic spelling variants, folded the same way in what is searched and in what is typed.

Residents write the same word several ways: hamza on the alif or not (أ إ آ ا), tā' marbūṭa or
hā' at the end (ة ه), alif maqṣūra or yā' (ى ي), a stretched word (tatweel ـ) and, rarely on a
phone, the short vowels. A search that compares letters as typed misses "شهادة السكني" when the
page says "شهادة السكنى". ``fold_arabic`` maps each word to one spelling; search indexes store
the folded text (``SearchableText``) and queries are folded before they run, so both sides
meet. Latin text is lower-cased and loses its accents and ligatures: residents type on phones
"eclairage" for "éclairage" and "coeur" for "cœur", and French words that differ by their
accents alone are few (after a change of this, ``manage.py update_index``).
"""

import re
import unicodedata

from django.utils.html import strip_tags

# Hamza forms of alif and the madda → bare alif; tā' marbūṭa → hā'; alif maqṣūra → yā';
# hamza on wāw / yā' → the bare letter.
# (participation/search.py writes the same folding in SQL from these: keep them data.)
LETTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ة": "ه",
    "ى": "ي",
    "ؤ": "و",
    "ئ": "ي",
    "œ": "oe",
    "æ": "ae",
}
_LETTERS = str.maketrans(LETTERS)
# The accents of Latin letters once decomposed (NFD): é → e + U+0301. Only this block: Arabic
# letters decompose too (أ → ا + hamza above), and those are folded above, letter by letter.
LATIN_ACCENTS = "[\u0300-\u036f]"
_LATIN_ACCENTS = re.compile(LATIN_ACCENTS)
# Tatweel, the short vowels, shadda, sukun, the superscript alif and Quranic marks.
MARKS = "[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]"
_MARKS = re.compile(MARKS)


# The definite article and the conjunctions and prepositions written with it, taken off a word
# that keeps at least three letters (light stemming, after Larkey's "light10"): "السكنى",
# "بالسكنى" and "سكنى" meet.
ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
# What an article leaves of a word, at the least, for it to be taken off.
STEM_LETTERS = 3
# What a query may hold besides words: everything else (quotes, stars, brackets) is a search
# engine's syntax, not the resident's words.
_NOT_WORD = re.compile(r"[^\w\s]")


def _without_article(word):
    for article in ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= STEM_LETTERS:
            return word[len(article) :]
    return word


def fold_arabic(text):
    """One spelling for every variant: ``fold_arabic("شهادة السكنى") == "شهاده سكني"``."""
    if not text:
        return ""
    folded = _MARKS.sub("", str(text)).lower().translate(_LETTERS)
    folded = unicodedata.normalize(
        "NFC", _LATIN_ACCENTS.sub("", unicodedata.normalize("NFD", folded))
    )
    return " ".join(_without_article(word) for word in folded.split())


def fold_query(text):
    """What a resident typed, as words to look for in folded text: punctuation and search
    syntax dropped, at most 200 characters."""
    text = _MARKS.sub("", str(text or "")[:200])  # before: a short vowel is no word character
    return fold_arabic(_NOT_WORD.sub(" ", text))


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
