"""The email of what waits for a member of staff (sharik/staff_digest.py): the counts of the
queues they may see, in their language, at most once a day, only for those who chose it."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from information.models import RequestStatus
from proposals.models import ProposalStatus
from sharik.models import DigestFrequency, StaffDigestPreference
from sharik.staff_digest import send_staff_digests
from tests.information.factories import InformationOfficerFactory, file
from tests.participation.factories import ModeratorFactory, ReportFactory, ResidentFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """``send_staff_digests(day)``, its emails sent as after the commit."""

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return send_staff_digests(day)

    return run


def choose(user, frequency=DigestFrequency.DAILY):
    return StaffDigestPreference.objects.create(user=user, frequency=frequency)


@pytest.fixture
def waiting_work():
    """2 proposals to moderate, 1 open report and 1 information request to answer."""
    ProposalFactory.create_batch(2, status=ProposalStatus.PENDING, published_at=None)
    ProposalFactory()
    ReportFactory()
    file(subject="طلب معلومات")


def test_a_moderator_gets_the_counts_of_their_queues_with_links(waiting_work, send):
    moderator = ModeratorFactory(preferred_language="en")
    choose(moderator)
    assert send(MONDAY) == 1
    (message,) = mail.outbox
    assert message.to == [moderator.email]
    assert "3" in message.subject  # 2 proposals and 1 report
    assert "[Sharik]" in message.subject
    assert "Proposals awaiting moderation: 2" in message.body
    assert "Abuse reports to decide: 1" in message.body
    assert f"{reverse('proposals_proposal:index')}?status=pending" in message.body
    assert "Information requests" not in message.body  # not a queue a moderator may see


def test_an_officer_gets_only_the_information_queue(waiting_work, send):
    officer = InformationOfficerFactory(preferred_language="en")
    choose(officer)
    send(MONDAY)
    (message,) = mail.outbox
    assert "Information requests to answer: 1" in message.body
    assert "Proposals awaiting moderation" not in message.body
    assert "Abuse reports" not in message.body


def test_the_email_speaks_the_members_language(waiting_work, send):
    choose(ModeratorFactory(preferred_language="fr"))
    choose(ModeratorFactory(preferred_language="ar"))
    send(MONDAY)
    french, arabic = sorted(mail.outbox, key=lambda message: "شارك" in message.subject)
    assert "Propositions en attente de modération : 2" in french.body.replace(": 2", " : 2")
    assert "[شارك]" in arabic.subject
    assert "Proposals awaiting moderation" not in arabic.body


def test_never_twice_the_same_day(waiting_work, send, django_capture_on_commit_callbacks):
    choose(ModeratorFactory())
    assert send(MONDAY) == 1
    assert send(MONDAY) == 0
    today = timezone.localdate()  # the command's day: the real one, MONDAY or another
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_staff_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == (1 if today == MONDAY else 2)  # never twice on one day
    assert send(max(MONDAY, today) + timedelta(days=1)) == 1


def test_weekly_waits_a_week(waiting_work, send):
    choose(ModeratorFactory(), DigestFrequency.WEEKLY)
    assert send(MONDAY) == 1
    assert send(MONDAY + timedelta(days=6)) == 0
    assert send(MONDAY + timedelta(days=7)) == 1


def test_only_those_who_chose_it_and_not_on_a_day_nothing_waits(waiting_work, send):
    ModeratorFactory()  # no choice: never
    choose(ModeratorFactory(), DigestFrequency.NEVER)
    resident = ResidentFactory()  # not staff: no email even if a row says daily
    choose(resident)
    assert send(MONDAY) == 0
    assert not mail.outbox


def test_nothing_waits_no_email_and_the_day_stays_open(send):
    moderator = ModeratorFactory()
    preference = choose(moderator)
    assert send(MONDAY) == 0
    preference.refresh_from_db()
    assert preference.last_sent_on is None
    ProposalFactory(status=ProposalStatus.PENDING, published_at=None)
    assert send(MONDAY) == 1


def test_an_answered_request_no_longer_counts(waiting_work, send):
    officer = InformationOfficerFactory()
    choose(officer)
    request = file()
    request.status = RequestStatus.ANSWERED
    request.save()
    send(MONDAY)
    assert "عنصر واحد" in mail.outbox[0].subject  # one item: the answered request is not one


def test_the_member_chooses_it_in_the_admins_account_settings(client):
    moderator = ModeratorFactory(preferred_language="fr")
    client.force_login(moderator)
    url = reverse("wagtailadmin_account")
    page = client.get(url).content.decode()
    assert 'name="staff_digest-frequency"' in page
    response = client.post(
        url,
        {
            "staff_digest-frequency": "daily",
            "name_email-first_name": "Modé",
            "name_email-last_name": "Rateur",
            "name_email-email": moderator.email,
            "locale-preferred_language": "fr",
            "locale-current_time_zone": "",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
        },
    )
    assert response.status_code in {200, 302}
    assert StaffDigestPreference.objects.get(user=moderator).frequency == "daily"
