"""Registering for an event: one place each with companions, a waiting list once full, promoted
in order when places free; idempotent; the pages and the calendar files."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Registration, RegistrationStatus
from participation.models import Notification
from participation.services import ParticipationError
from tests.events.factories import EventPageFactory
from tests.factories import log_in
from tests.participation.factories import ResidentFactory, UnverifiedResidentFactory

pytestmark = pytest.mark.django_db

R, W = RegistrationStatus.REGISTERED, RegistrationStatus.WAITING


def test_places_then_a_waiting_list_promoted_in_order():
    event = EventPageFactory(capacity=3, companions_allowed=1)
    first, second, third, fourth = (ResidentFactory() for _ in range(4))
    assert services.register(first, event, companions=1).status == R  # 2 places
    assert services.register(second, event).status == R  # 3: full
    assert services.register(third, event).status == W
    assert services.register(fourth, event).status == W
    assert services.places_taken(event) == 3
    services.cancel(first, event)  # 2 places free: the third, then the fourth
    statuses = dict(Registration.objects.values_list("user_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: R, third.pk: R, fourth.pk: R}
    messages = Notification.objects.filter(recipient=third).values_list("message", flat=True)
    assert len(messages) == 2  # on the waiting list, then promoted


def test_the_waiting_list_keeps_its_order_even_when_a_smaller_party_would_fit():
    event = EventPageFactory(capacity=2, companions_allowed=1)
    holder, big, small = ResidentFactory(), ResidentFactory(), ResidentFactory()
    services.register(holder, event)
    services.register(ResidentFactory(), event)
    assert services.register(big, event, companions=1).status == W
    assert services.register(small, event).status == W
    services.cancel(holder, event)  # one place frees: the party of two waits, so does the next
    assert Registration.objects.get(user=big).status == W
    assert Registration.objects.get(user=small).status == W


def test_registering_twice_keeps_one_registration_and_companions_are_bounded():
    event = EventPageFactory(companions_allowed=1)
    resident = ResidentFactory()
    first = services.register(resident, event)
    assert services.register(resident, event).pk == first.pk
    assert Registration.objects.count() == 1
    with pytest.raises(ParticipationError):
        services.register(ResidentFactory(), event, companions=2)


def test_registering_again_after_cancelling_goes_to_the_end_of_the_queue():
    event = EventPageFactory(capacity=1)
    resident, other = ResidentFactory(), ResidentFactory()
    services.register(resident, event)
    services.cancel(resident, event)
    services.register(other, event)
    assert services.register(resident, event).status == W


def test_a_past_event_takes_no_registration():
    past = timezone.now() - datetime.timedelta(days=2)
    event = EventPageFactory(starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    with pytest.raises(ParticipationError):
        services.register(ResidentFactory(), event)


def test_the_event_page_shows_one_place_fewer_after_registering(client):
    event = EventPageFactory(capacity=3)
    resident = ResidentFactory()
    log_in(client, resident)
    page = client.get(event.url)
    assert page.context["places_left"] == 3
    response = client.post(reverse("events:register", args=[event.pk]), {"companions": "1"})
    assert response.status_code == 302
    page = client.get(event.url)
    assert page.context["places_left"] == 1
    assert page.context["registration"].status == R
    client.post(reverse("events:cancel", args=[event.pk]))
    assert client.get(event.url).context["places_left"] == 3


def test_bad_companions_and_unconfirmed_residents_are_refused(client):
    event = EventPageFactory()
    log_in(client, ResidentFactory())
    client.post(reverse("events:register", args=[event.pk]), {"companions": "lots"})
    assert not Registration.objects.exists()
    log_in(client, UnverifiedResidentFactory())
    assert client.post(reverse("events:register", args=[event.pk])).status_code == 403


def test_the_index_lists_upcoming_then_past_events(client):
    upcoming = EventPageFactory(title="لقاء قادم")
    past_start = timezone.now() - datetime.timedelta(days=5)
    past = EventPageFactory(
        title="لقاء سابق", starts_at=past_start, ends_at=past_start + datetime.timedelta(hours=2)
    )
    index = upcoming.get_parent()
    page = client.get(index.url)
    assert upcoming.title in page.text and past.title not in page.text
    page = client.get(index.url + "?when=past")
    assert past.title in page.text and upcoming.title not in page.text
    assert client.get(index.url + "?kind=nonsense").status_code == 200


def test_the_calendar_files_parse_back():
    event = EventPageFactory(place="قاعة، الطابق الأول; الجناح ب")
    from django.test import Client

    client = Client()
    for url in (reverse("events:ics", args=[event.pk]), reverse("events:calendar")):
        response = client.get(url)
        calendar = Calendar.from_ical(response.content)
        [parsed] = [c for c in calendar.walk("VEVENT")]
        assert str(parsed["SUMMARY"]) == event.title
        assert str(parsed["LOCATION"]) == event.place
        assert parsed["DTSTART"].dt == event.starts_at.replace(microsecond=0)


def test_the_reminder_is_sent_once_the_day_before(settings):

    local = ZoneInfo("Africa/Casablanca")
    event = EventPageFactory(
        starts_at=datetime.datetime(2027, 2, 10, 17, tzinfo=local),
        ends_at=datetime.datetime(2027, 2, 10, 19, tzinfo=local),
    )
    registered, waiting = ResidentFactory(), ResidentFactory()
    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, tzinfo=local), tick=False):
        services.register(registered, event)
        Registration.objects.create(event=event, user=waiting, status=W)
        assert services.send_reminders() == 0  # not the day before
    with time_machine.travel(datetime.datetime(2027, 2, 9, 9, tzinfo=local), tick=False):
        assert services.send_reminders() == 1
        assert services.send_reminders() == 0  # run again: nobody twice
    confirmation, reminder = Notification.objects.filter(recipient=registered).order_by("pk")
    assert event.title in reminder.message and event.place in reminder.message
    assert reminder.message != confirmation.message
    assert not Notification.objects.filter(recipient=waiting).exists()


def test_organisers_mark_attendance_and_export_the_list_audited(client):
    from participation.models import AuditLogEntry
    from tests.factories import make_editor

    event = EventPageFactory(capacity=5)
    resident = ResidentFactory(display_name="سلمى", email="salma@sale.example")
    registration = services.register(resident, event, companions=1)
    url = reverse("event_attendance", args=[event.pk])
    log_in(client, ResidentFactory())
    assert client.get(url).status_code in {302, 403}
    log_in(client, make_editor())
    page = client.get(url)
    assert page.status_code == 200 and "سلمى" in page.text
    client.post(url, {"registration": registration.pk, "present": "yes"})
    registration.refresh_from_db()
    assert registration.attended_at is not None
    assert client.get(url).context["present"] == 2  # she and her companion
    export = client.get(reverse("event_registrants_export", args=[event.pk]))
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "salma@sale.example" in body and "سلمى" in body
    actions = set(AuditLogEntry.objects.values_list("action", flat=True))
    assert {"event.attendance", "event.registrants_export"} <= actions
