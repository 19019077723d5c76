"""The dashboard's queues of written questionnaire answers to read and of upcoming events with
their registrations, the filtered lists they open, and the filters of the moderation queues
(issue 18, point 2)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from consultations.models import Answer
from events.models import Registration, RegistrationStatus
from participation.models import Arrondissement, AuditLogEntry
from proposals.models import ProposalStatus
from tests.consultations.factories import AnswerFactory, ResponseFactory
from tests.events.factories import EventPageFactory
from tests.participation.factories import (
    ArrondissementFactory,
    ModeratorFactory,
    ReportFactory,
    ResidentFactory,
)
from tests.proposals.factories import ProposalFactory
from tests.sharik.test_admin_workspace import DASHBOARD, dashboard_queries, queue_count

pytestmark = pytest.mark.django_db


def staff_with(*permissions):
    """A member of staff with the admin and exactly ``permissions`` (``app.codename``): the
    queues follow permissions, whatever group gives them (sharik/roles.py)."""
    user = ResidentFactory(is_staff=True)
    for name in ("wagtailadmin.access_admin", *permissions):
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def reader():
    return staff_with("consultations.view_response")


def organiser():
    return staff_with("events.view_registration")


# --- Written answers to read ----------------------------------------------------------------


@pytest.fixture
def written():
    """Known data: 3 written answers to read (2 in one consultation), 1 already read, and what
    is no written answer (a choice) or not submitted (a draft)."""
    first = ResponseFactory()
    second = ResponseFactory(consultation=first.consultation)
    other = ResponseFactory()
    answers = [
        AnswerFactory(response=first, written=True, text="إنارة الزقاق"),
        AnswerFactory(response=second, written=True, text="حديقة للأطفال"),
        AnswerFactory(response=other, written=True, text="Des bancs publics"),
    ]
    AnswerFactory(response=ResponseFactory(), written=True, read_at=timezone.now())
    AnswerFactory(response=first)  # a choice, not written
    AnswerFactory(response=ResponseFactory(draft=True), written=True)  # not submitted
    return answers


def test_the_readers_dashboard_counts_the_written_answers_to_read(client, written):
    client.force_login(reader())
    response = client.get(DASHBOARD)
    assert queue_count(response, "written_answers") == 3
    page = response.content.decode()
    assert f'href="{reverse("consultations_admin:answers_to_read")}"' in page
    consultation = written[0].response.consultation
    assert f"?consultation={consultation.pk}" in page  # the consultation with 2 to read first


def test_staff_who_read_no_responses_see_no_such_queue(client, written):
    client.force_login(organiser())
    assert queue_count(client.get(DASHBOARD), "written_answers") is None


def answers_listed(response):
    return set(re.findall(r'name="answer" value="(\d+)"', response.content.decode()))


def test_the_list_filters_by_consultation_arrondissement_words_and_state(client, written):
    client.force_login(reader())
    url = reverse("consultations_admin:answers_to_read")
    ids = {str(answer.pk) for answer in written}
    assert answers_listed(client.get(url)) == ids  # the unread by default
    consultation = written[0].response.consultation
    assert answers_listed(client.get(url, {"consultation": consultation.pk})) == {
        str(written[0].pk),
        str(written[1].pk),
    }
    assert answers_listed(client.get(url, {"q": "bancs"})) == {str(written[2].pk)}
    elsewhere = ArrondissementFactory(slug="layayda")
    type(written[2].response).objects.filter(pk=written[2].response_id).update(
        arrondissement=elsewhere
    )
    assert answers_listed(client.get(url, {"arrondissement": elsewhere.pk})) == {str(written[2].pk)}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert answers_listed(client.get(url, {"submitted_from": tomorrow})) == set()
    read = client.get(url, {"state": "read"}).content.decode()
    assert "No written answer matches." not in read  # the one read, without a box to tick
    assert client.get(url, {"submitted_from": "not a date", "p": "x"}).status_code == 200


def test_marking_read_empties_the_queue_once_and_is_audited(client, written):
    staff = reader()
    client.force_login(staff)
    url = reverse("consultations_admin:answers_to_read")
    data = {"answer": [str(answer.pk) for answer in written]}
    assert client.post(url, data).status_code == 302
    client.post(url, data)  # a second submit marks nothing more
    assert not Answer.objects.filter(pk__in=[a.pk for a in written], read_at__isnull=True)
    entries = AuditLogEntry.objects.filter(action="consultation.answers_read", actor=staff)
    assert entries.count() == 2  # one per consultation, the second submit none
    assert sorted(pk for entry in entries for pk in entry.data["answers"]) == sorted(
        answer.pk for answer in written
    )
    assert queue_count(client.get(DASHBOARD), "written_answers") == 0


def refused(response):
    """The admin's refusal: back to the dashboard with "no permission" (Wagtail's own)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def test_only_staff_who_read_responses_mark_them(client, written):
    client.force_login(organiser())
    url = reverse("consultations_admin:answers_to_read")
    assert refused(client.post(url, {"answer": [str(written[0].pk)]}))
    assert refused(client.get(url))
    assert Answer.objects.filter(pk=written[0].pk, read_at__isnull=True).exists()
    assert not AuditLogEntry.objects.exists()


def test_the_answers_queue_costs_the_same_for_3_or_30_answers(client):
    staff = reader()
    for _ in range(3):
        AnswerFactory(written=True)
    few, _response = dashboard_queries(client, staff)
    for _ in range(27):
        AnswerFactory(written=True)
    many, response = dashboard_queries(client, staff)
    assert queue_count(response, "written_answers") == 30
    assert many == few


def test_the_answers_list_costs_the_same_for_3_or_30_answers(client, django_assert_max_num_queries):
    staff = reader()
    client.force_login(staff)
    url = reverse("consultations_admin:answers_to_read")
    response = ResponseFactory()
    for _ in range(3):
        AnswerFactory(written=True, response=ResponseFactory(consultation=response.consultation))
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(27):
        AnswerFactory(written=True, response=ResponseFactory(consultation=response.consultation))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(answers_listed(client.get(url))) == 30


# --- Upcoming events and their registrations ------------------------------------------------


@pytest.fixture
def events():
    """Two events to come (the nearer with 2 registered, one with a companion, and 1 waiting),
    and one past."""
    soon = EventPageFactory(
        title="لقاء قريب", starts_at=timezone.now() + timedelta(days=2), capacity=30
    )
    later = EventPageFactory(title="لقاء لاحق", starts_at=timezone.now() + timedelta(days=20))
    EventPageFactory(
        title="لقاء مضى",
        starts_at=timezone.now() - timedelta(days=3),
    )
    Registration.objects.create(
        event=soon, user=ResidentFactory(), status=RegistrationStatus.REGISTERED, companions=1
    )
    Registration.objects.create(
        event=soon, user=ResidentFactory(), status=RegistrationStatus.REGISTERED
    )
    Registration.objects.create(
        event=soon, user=ResidentFactory(), status=RegistrationStatus.WAITING
    )
    Registration.objects.create(
        event=soon, user=ResidentFactory(), status=RegistrationStatus.CANCELLED
    )
    return soon, later


def test_the_organisers_dashboard_lists_the_upcoming_events_with_registrations(client, events):
    soon, _later = events
    client.force_login(organiser())
    response = client.get(DASHBOARD)
    assert queue_count(response, "events") == 2
    page = response.content.decode()
    assert page.index("لقاء قريب") < page.index("لقاء لاحق")
    assert "لقاء مضى" not in page
    assert reverse("event_attendance", args=[soon.pk]) in page
    assert "3" in re.search(r"لقاء قريب</bdi></a>(.*?)</li>", page, re.S).group(1)  # 3 places taken


def test_the_upcoming_events_list_and_its_filters(client, events):
    soon, later = events
    client.force_login(organiser())
    url = reverse("event_upcoming")
    with_language = {"HTTP_ACCEPT_LANGUAGE": "en"}
    page = client.get(url, **with_language).content.decode()
    assert "لقاء قريب" in page and "لقاء لاحق" in page and "لقاء مضى" not in page
    assert client.get(url, {"q": "لاحق"}).content.decode().count("لقاء قريب") == 0
    before = (timezone.localdate() + timedelta(days=10)).isoformat()
    filtered = client.get(url, {"starts_before": before}).content.decode()
    assert "لقاء قريب" in filtered and "لقاء لاحق" not in filtered
    other = Arrondissement.objects.canonical().exclude(pk=soon.arrondissement_id).first()
    if other is not None:
        type(later).objects.filter(pk=later.pk).update(arrondissement=other)
        by_place = client.get(url, {"arrondissement": other.pk}).content.decode()
        assert "لقاء لاحق" in by_place and "لقاء قريب" not in by_place
    assert client.get(url, {"kind": "nonsense", "starts_before": "x"}).status_code == 200


def test_staff_without_the_registrations_see_no_events_queue(client, events):
    client.force_login(reader())
    assert queue_count(client.get(DASHBOARD), "events") is None
    assert refused(client.get(reverse("event_upcoming")))


def test_the_events_queue_costs_the_same_for_3_or_12_events(client):
    staff = organiser()
    for _ in range(3):
        EventPageFactory()
    few, _response = dashboard_queries(client, staff)
    for _ in range(9):
        EventPageFactory()
    many, response = dashboard_queries(client, staff)
    assert queue_count(response, "events") == 12
    assert many == few


# --- The moderation queues' filters ---------------------------------------------------------


def test_the_proposals_queue_filters_by_status_arrondissement_date_and_words(client):
    old = ProposalFactory(status=ProposalStatus.PENDING, title="رصيف قديم", published_at=None)
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    ProposalFactory(status=ProposalStatus.PENDING, title="حديقة جديدة", published_at=None)
    ProposalFactory(title="منشور")
    client.force_login(ModeratorFactory())
    url = reverse("proposals_proposal:index")
    pending = client.get(url, {"status": "pending"}).content.decode()
    assert "رصيف قديم" in pending and "حديقة جديدة" in pending and "منشور" not in pending
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    recent = client.get(url, {"status": "pending", "created_at_from": since}).content.decode()
    assert "حديقة جديدة" in recent and "رصيف قديم" not in recent
    assert client.get(url, {"arrondissement": old.arrondissement_id}).status_code == 200


def test_the_reports_queue_filters_by_status_and_date(client):
    old = ReportFactory()
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=30))
    ReportFactory()
    client.force_login(ModeratorFactory())
    url = reverse("participation_report:index")
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    page = client.get(url, {"status": "open", "created_at_from": since}).content.decode()
    assert page.count("data-bulk-action-checkbox") == 1


# --- No "Wagtail" on the staff's screens ------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_no_screen_of_the_workspace_says_wagtail(client, admin_user, language):
    """Not in the dashboard (its account summary's editor guide, the settings menu's version,
    the message shown without JavaScript, the help menu), nor in the queues and bulk actions."""
    from wagtail.users.models import UserProfile

    UserProfile.objects.create(user=admin_user, preferred_language=language)
    proposal = ProposalFactory(status=ProposalStatus.PENDING, published_at=None)
    client.force_login(admin_user)
    for url in (
        DASHBOARD,
        reverse("proposals_proposal:index"),
        reverse("participation_report:index"),
        reverse("consultations_admin:answers_to_read"),
        reverse("event_upcoming"),
        reverse("wagtail_bulk_action", args=["proposals", "proposal", "return"])
        + f"?id={proposal.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert f'<html lang="{language}"' in page
        assert not re.search(r"\bWagtail\b", page), (url, re.search(r".{60}\bWagtail\b.{20}", page))
