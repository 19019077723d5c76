import pytest

from participation.arabic import SearchableText, fold_arabic


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("شهادة السكنى", "شهاده السكني"),
        ("إدارة", "اداره"),
        ("أحمد", "احمد"),
        ("آمنة", "امنه"),
        ("مسؤول", "مسوول"),
        ("رئيس", "رييس"),
        ("الســـكنى", "السكني"),  # tatweel
        ("مَدِينَةُ", "مدينه"),  # short vowels
        ("Certificat de RÉSIDENCE", "certificat de résidence"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_arabic_gives_one_spelling_to_every_variant(typed, folded):
    assert fold_arabic(typed) == folded


def test_variants_typed_by_residents_meet_the_page_text():
    page = fold_arabic("شهادة السكنى")
    for typed in ("السكنى", "السكني", "شهاده", "شهادة", "الســكنى"):
        assert fold_arabic(typed) in page


def test_searchable_text_folds_the_named_fields_without_markup():
    class Page(SearchableText):
        searchable_fields = ("title", "body", "missing", "author.name")
        title = "شهادة السكنى"
        body = "<p>تُسلَّم <b>بالمقاطعة</b></p>"

        class author:
            name = "أمينة"

    assert Page().search_text() == "شهاده السكني تسلم بالمقاطعه امينه"
