"""Staff keep the public holidays in the admin (information/wagtail_hooks.py): the calendar the
deadlines of law 31-13 count with; a resident cannot reach it."""

import pytest
from django.urls import reverse

from information.models import PublicHoliday
from tests.factories import ResidentFactory, log_in

pytestmark = pytest.mark.django_db


def test_staff_confirm_a_religious_holidays_date_and_add_one(client):
    log_in(client, ResidentFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("public_holidays:index"))
    assert listing.status_code == 200
    assert "عيد الفطر" in listing.content.decode()
    expected = PublicHoliday.objects.get(day="2026-03-20")
    response = client.post(
        reverse("public_holidays:edit", args=[expected.pk]),
        {"day": "2026-03-20", "name": expected.name, "kind": "religious", "confirmed": "on"},
    )
    assert response.status_code == 302
    assert PublicHoliday.objects.get(pk=expected.pk).confirmed
    response = client.post(
        reverse("public_holidays:add"),
        {"day": "2026-12-31", "name": "عطلة استثنائية", "kind": "civil", "confirmed": "on"},
    )
    assert response.status_code == 302
    assert PublicHoliday.objects.filter(day="2026-12-31").exists()


def test_a_date_is_a_holiday_once(client):
    log_in(client, ResidentFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("public_holidays:add"),
        {"day": "2026-07-30", "name": "عيد العرش", "kind": "civil", "confirmed": "on"},
    )
    assert response.status_code == 200  # the form again, with its error, and what was typed
    assert "عيد العرش" in response.content.decode()
    assert PublicHoliday.objects.filter(day="2026-07-30").count() == 1


def test_a_resident_cannot_reach_the_holidays(client):
    log_in(client, ResidentFactory())
    response = client.get(reverse("public_holidays:index"))
    assert response.status_code == 302  # to the admin's log-in
    assert not response.url.startswith(reverse("public_holidays:index"))
