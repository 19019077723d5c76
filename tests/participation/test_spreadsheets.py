"""One rule for every export a spreadsheet opens (participation/spreadsheets.py): text that
would run as a formula is shown, numbers, even written as text, stay numbers."""

import pytest

from participation.spreadsheets import spreadsheet_safe


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+212600000000 call me", "'+212600000000 call me"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t-1", "'\t-1"),
        ("-6.810800", "-6.810800"),
        ("+5", "+5"),
        ("نص عادي", "نص عادي"),
        (-3, -3),
        (None, None),
    ],
)
def test_formulas_are_shown_and_numbers_kept(cell, shown):
    assert spreadsheet_safe(cell) == shown
