"""The legal clock of law 31-13 (information/law.py, information/workdays.py): periods counted in
working days across weekends and public holidays, the one extension, the requester's
clarification that stops the clock, the complaint periods, and holidays staff add later."""

import datetime

import pytest

from information import law
from information.models import HolidayKind, PublicHoliday, commune_working_days
from information.workdays import WorkingDays


def day(text):
    return datetime.date.fromisoformat(text)


# January 2027: Monday the 11th (independence manifesto) and Thursday the 14th (Amazigh new year)
# are holidays.
JANUARY_2027 = WorkingDays([day("2027-01-11"), day("2027-01-14")])
NO_HOLIDAY = WorkingDays()


def test_weekends_and_holidays_are_not_working_days():
    assert JANUARY_2027.is_working_day(day("2027-01-08"))  # Friday
    assert not JANUARY_2027.is_working_day(day("2027-01-09"))  # Saturday
    assert not JANUARY_2027.is_working_day(day("2027-01-10"))  # Sunday
    assert not JANUARY_2027.is_working_day(day("2027-01-11"))  # holiday, a Monday


def test_a_period_starts_the_day_after_receipt():
    assert NO_HOLIDAY.after(day("2026-03-02"), 1) == day("2026-03-03")
    assert NO_HOLIDAY.after(day("2026-03-02"), 0) == day("2026-03-02")
    assert NO_HOLIDAY.after(day("2026-03-07"), 1) == day("2026-03-09")  # received on a Saturday


def test_urgent_request_received_on_a_friday_before_a_holiday():
    clock = law.AnswerClock(received_on=day("2027-01-08"), urgent=True)
    # Tuesday 12, Wednesday 13, (Thursday 14 a holiday), Friday 15: not Wednesday 13.
    assert clock.due(JANUARY_2027) == day("2027-01-15")


def test_ordinary_request_received_on_a_friday_before_a_holiday():
    clock = law.AnswerClock(received_on=day("2027-01-08"))
    # 20 working days without the 11th and the 14th: Tuesday 9 February.
    assert clock.due(JANUARY_2027) == day("2027-02-09")
    assert clock.due(NO_HOLIDAY) == day("2027-02-05")


def test_the_extension_asked_on_the_last_day_of_the_first_period():
    clock = law.AnswerClock(received_on=day("2027-01-08"), urgent=True)
    assert clock.first_period_ends(JANUARY_2027) == day("2027-01-15")
    assert clock.may_extend(day("2027-01-15"), JANUARY_2027)  # the last day still counts
    assert not clock.may_extend(day("2027-01-18"), JANUARY_2027)  # the period has ended
    extended = law.AnswerClock(received_on=day("2027-01-08"), urgent=True, extended=True)
    assert extended.due(JANUARY_2027) == day("2027-01-20")  # 3 more: 18, 19, 20
    assert not extended.may_extend(day("2027-01-12"), JANUARY_2027)  # once only


def test_an_ordinary_extension_adds_twenty_working_days():
    clock = law.AnswerClock(received_on=day("2026-03-02"), extended=True)
    assert clock.due(NO_HOLIDAY) == day("2026-04-27")  # 40 working days


def test_the_clock_waits_while_the_requester_clarifies():
    received = day("2026-03-02")  # a Monday; due Monday 30 March without waiting
    assert law.AnswerClock(received_on=received).due(NO_HOLIDAY) == day("2026-03-30")
    # Asked on Thursday 5, answered on Tuesday 10: Friday 6, Monday 9 and Tuesday 10 stand still.
    asked = day("2026-03-05")
    waited = law.AnswerClock(received_on=received, waits=((asked, day("2026-03-10")),))
    assert waited.due(NO_HOLIDAY) == day("2026-04-02")
    same_day = law.AnswerClock(
        received_on=received, waits=((day("2026-03-05"), day("2026-03-05")),)
    )
    assert same_day.due(NO_HOLIDAY) == day("2026-03-30")
    waiting = law.AnswerClock(received_on=received, waits=((asked, None),))
    assert waiting.due(NO_HOLIDAY) is None  # nothing is due while the commune waits
    assert not waiting.may_extend(day("2026-03-06"), NO_HOLIDAY)


def test_the_complaint_periods():
    refused = day("2027-01-08")
    assert law.complaint_deadline(refused, JANUARY_2027) == day("2027-02-09")
    assert law.head_answer_due(day("2027-01-08"), JANUARY_2027) == day("2027-02-02")
    assert law.cdai_deadline(day("2027-02-02")) == day("2027-03-04")  # calendar days


def test_working_days_left():
    due = day("2026-03-30")  # a Monday
    assert law.working_days_left(due, due, NO_HOLIDAY) == 0
    assert law.working_days_left(due, day("2026-03-27"), NO_HOLIDAY) == 1  # Friday before
    assert law.working_days_left(due, day("2026-03-31"), NO_HOLIDAY) == -1
    assert law.working_days_left(due, day("2026-04-06"), NO_HOLIDAY) == -5


@pytest.mark.django_db
def test_a_holiday_added_after_receipt_moves_the_deadline():
    PublicHoliday.objects.all().delete()
    clock = law.AnswerClock(received_on=day("2026-03-02"))
    assert clock.due(commune_working_days()) == day("2026-03-30")
    # Eid al-Fitr announced for Friday 20 March, after the request was received.
    PublicHoliday.objects.create(day=day("2026-03-20"), name="عيد الفطر", kind="religious")
    assert clock.due(commune_working_days()) == day("2026-03-31")


@pytest.mark.django_db
def test_the_holidays_of_2025_to_2027_are_seeded():
    for year in (2025, 2026, 2027):
        civil = PublicHoliday.objects.filter(day__year=year, kind=HolidayKind.CIVIL)
        assert {(h.day.month, h.day.day) for h in civil} >= {(1, 1), (7, 30), (11, 18)}
        religious = PublicHoliday.objects.filter(day__year=year, kind=HolidayKind.RELIGIOUS)
        assert religious.count() == 7  # two Eids of two days, the Mawlid's two, the new year
        assert not religious.filter(confirmed=True).exists()  # expected dates, for staff
    assert PublicHoliday.objects.filter(day=day("2026-10-31")).exists()
    assert not PublicHoliday.objects.filter(day=day("2025-10-31")).exists()


@pytest.mark.django_db
def test_the_seeded_calendar_is_the_one_deadlines_count_with():
    clock = law.AnswerClock(received_on=day("2027-01-08"), urgent=True)
    assert clock.due(commune_working_days()) == day("2027-01-15")  # seeded: the 11th and 14th
