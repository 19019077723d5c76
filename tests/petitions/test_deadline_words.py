"""The admissibility deadline in the staff's lists and dashboard: the date and the days left,
in the staff member's language with its plural forms (the words were not in the catalogs)."""

import datetime

import time_machine
from django.utils import translation

from petitions.wagtail_hooks import deadline_words

TODAY = datetime.date(2026, 11, 30)


@time_machine.travel(datetime.datetime(2026, 11, 30, 10, 0), tick=False)
def test_days_left_in_arabic_and_french():
    with translation.override("ar"):
        assert deadline_words(TODAY + datetime.timedelta(days=16)) == (
            "16 دجنبر 2026 (16 يومًا متبقيًا)"
        )
        assert deadline_words(TODAY + datetime.timedelta(days=2)).endswith("(يومان متبقيان)")
    with translation.override("fr"):
        assert deadline_words(TODAY + datetime.timedelta(days=1)) == (
            "1 décembre 2026 (1 jour restant)"
        )
        assert deadline_words(TODAY - datetime.timedelta(days=1)).endswith("— délai dépassé")
