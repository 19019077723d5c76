"""Lists inside a sentence, in the reader's language (participation/text.py)."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from participation.text import listed, percentage

SALE = ["سلا", "تابريكت", "بطانة"]


@pytest.mark.parametrize(
    ("language", "items", "expected"),
    [
        ("ar", SALE, "سلا، تابريكت، بطانة"),
        ("fr", SALE, "سلا, تابريكت, بطانة"),
        ("en", SALE, "سلا, تابريكت, بطانة"),
        # Tifinagh is written with Latin punctuation; its strings not translated fall back to
        # Arabic, so the separator is translated.
        ("zgh", ["ⵙⵍⴰ", "ⵜⴰⴱⵔⵉⴽⵜ"], "ⵙⵍⴰ, ⵜⴰⴱⵔⵉⴽⵜ"),
    ],
)
def test_a_list_is_separated_as_the_language_writes_it(language, items, expected):
    with translation.override(language):
        assert listed(items) == expected


def test_a_list_takes_any_iterable_of_words():
    with translation.override("fr"):
        assert listed(word for word in ("Salé", "Tabriquet")) == "Salé, Tabriquet"
        assert listed([]) == ""


def test_an_isolated_list_is_escaped_html_with_each_item_in_its_own_bdi():
    with translation.override("ar"):
        html = listed(["ⵜⴰⵎⴰⵣⵉⵖⵜ", "<b>English</b>"], isolated=True)
    assert html == "<bdi>ⵜⴰⵎⴰⵣⵉⵖⵜ</bdi>، <bdi>&lt;b&gt;English&lt;/b&gt;</bdi>"


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("ar", 37.5, "37,5%"),
        ("ar", 40.0, "40%"),
        ("fr", 37.5, "37,5\u00a0%"),  # French: a no-break space before the sign
        ("fr", 34, "34\u00a0%"),
        ("en", Decimal("48.60"), "48.6%"),
        ("en", None, ""),
    ],
)
def test_a_percentage_is_written_as_the_language_writes_it(language, value, expected):
    with translation.override(language):
        assert percentage(value) == expected


def test_pages_write_percentages_through_one_filter():
    with translation.override("fr"):
        html = Template("{% load participation_tags %}{{ share|percent }}").render(
            Context({"share": 12.5})
        )
    assert html == "12,5\u00a0%"
