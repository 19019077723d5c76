"""Dates and numbers as Salé's residents read them (sharik/formats/ar, sharik/months.py)."""

import datetime

import pytest
from django.utils import formats, translation

CHRISTMAS_MORNING = datetime.datetime(2026, 12, 25, 9, 0)


@pytest.mark.parametrize(
    ("language", "date", "date_and_time"),
    [
        # Morocco's month names, the Arabic order without a comma before the year, 24 hours.
        ("ar", "25 دجنبر 2026", "25 دجنبر 2026، 09:00"),
        ("fr", "25 décembre 2026", "25 décembre 2026 09:00"),
    ],
)
def test_dates_read_as_in_morocco(language, date, date_and_time):
    with translation.override(language):
        assert formats.date_format(CHRISTMAS_MORNING.date()) == date
        assert formats.date_format(CHRISTMAS_MORNING, "DATETIME_FORMAT") == date_and_time


def test_an_amazigh_date_keeps_its_order_inside_an_arabic_sentence():
    # Amazigh pages show untranslated sentences in Arabic: the date is a left-to-right isolate.
    with translation.override("zgh"):
        date = formats.date_format(CHRISTMAS_MORNING.date())
        moment = formats.date_format(CHRISTMAS_MORNING, "DATETIME_FORMAT")
    assert date.startswith("\u206625 ") and date.endswith(" 2026\u2069")
    assert moment.startswith("\u206625 ") and moment.endswith("09:00\u2069")


def test_every_moroccan_month_name():
    moroccan = [
        *("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو"),
        *("يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"),
    ]
    with translation.override("ar"):
        names = [formats.date_format(datetime.date(2026, month, 1), "F") for month in range(1, 13)]
        abbreviated = [
            formats.date_format(datetime.date(2026, month, 1), "N") for month in range(1, 13)
        ]
    assert names == moroccan and abbreviated == moroccan


def test_amounts_are_grouped_by_thousands_in_arabic():
    with translation.override("ar"):
        assert formats.number_format(154550000, force_grouping=True) == "154\u202f550\u202f000"
