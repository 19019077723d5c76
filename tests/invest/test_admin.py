"""Investors' messages in the admin: who reads and answers them (the investor desk, a topic's
staff for their topic, nobody else), what answering and closing do, the audit log of reading
and answering, and that no screen adds, edits or deletes a message."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from invest import services
from invest.models import InvestorMessage, MessageStatus
from participation.models import AuditLogEntry
from participation.services import ParticipationError
from tests.factories import (
    EditorFactory,
    ModeratorFactory,
    OfficialFactory,
    ResidentFactory,
    log_in,
)
from tests.invest.factories import InvestmentTopicFactory, InvestorMessageFactory, translate_topic

pytestmark = pytest.mark.django_db

ANSWER = "Bonjour, des lots de 1 à 3 hectares sont disponibles à Salé Al Jadida."


def index_url():
    return reverse("investor_messages:index")


def message_url(message):
    return reverse("investor_messages:inspect", args=[message.pk])


def topic_staff(topic):
    """A member of the "Departments" group named on ``topic``."""
    user = ResidentFactory(is_staff=True, email="urbanisme@sale.example")
    user.groups.add(Group.objects.get(name="Departments"))
    topic.staff.add(user)
    return user


def opened(message):
    return AuditLogEntry.objects.filter(action="invest.message_opened", object_id=message.pk)


READERS = {
    "anonymous": lambda topic: None,
    "resident": lambda topic: ResidentFactory(),
    "moderator": lambda topic: ModeratorFactory(),
    "editor": lambda topic: EditorFactory(),
    "official": lambda topic: OfficialFactory(),
    "topic staff": topic_staff,
}


@pytest.mark.parametrize(
    ("reader", "may_read"),
    [
        ("anonymous", False),
        ("resident", False),
        ("moderator", False),
        ("editor", False),  # editors keep the topics, not the messages (sharik/roles.py)
        ("official", True),
        ("topic staff", True),
    ],
)
def test_who_reads_the_list_and_a_message(client, investor_message, reader, may_read):
    user = READERS[reader](investor_message.topic)
    if user is not None:
        log_in(client, user)
    listing = client.get(index_url())
    detail = client.get(message_url(investor_message))
    if may_read:
        assert listing.status_code == detail.status_code == 200
        assert investor_message.name in listing.text
        assert investor_message.message in detail.text
        assert opened(investor_message).get().actor == user
    else:
        assert listing.status_code in {302, 403} and detail.status_code in {302, 403}
        assert investor_message.name not in listing.text + detail.text
        assert not opened(investor_message).exists()


@pytest.mark.parametrize(
    ("reader", "may_answer"),
    [
        ("anonymous", False),
        ("resident", False),
        ("moderator", False),
        ("editor", False),  # editors keep the topics, not the messages (sharik/roles.py)
        ("official", True),
        ("topic staff", True),
    ],
)
def test_who_answers(
    client, investor_message, reader, may_answer, django_capture_on_commit_callbacks
):
    user = READERS[reader](investor_message.topic)
    if user is not None:
        log_in(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(message_url(investor_message), {"action": "answer", "text": ANSWER})
    investor_message.refresh_from_db()
    if may_answer:
        assert investor_message.status == MessageStatus.ANSWERED
        assert investor_message.answer == ANSWER and investor_message.answered_by == user
        assert [email.to for email in mail.outbox] == [[investor_message.email]]
        assert AuditLogEntry.objects.get(action="invest.message_answered").actor == user
    else:
        assert investor_message.status == MessageStatus.NEW and not investor_message.answer
        assert mail.outbox == []
        assert not AuditLogEntry.objects.filter(action="invest.message_answered").exists()


def test_a_topic_staff_member_reads_only_the_messages_of_their_topics(client):
    industry = InvestmentTopicFactory()
    tourism = InvestmentTopicFactory(slug="tourism", name="السياحة والتراث")
    theirs = InvestorMessageFactory(topic=industry, name="Karim Benali")
    other = InvestorMessageFactory(topic=tourism, name="Salma Alaoui")
    log_in(client, topic_staff(industry))
    listing = client.get(index_url()).text
    assert theirs.name in listing and other.name not in listing
    assert client.get(message_url(other)).status_code in {302, 403}
    assert client.post(message_url(other), {"action": "close"}).status_code in {302, 403}
    other.refresh_from_db()
    assert other.status == MessageStatus.NEW


def test_staff_named_on_a_translation_of_the_topic_read_its_messages(client, investor_message):
    french = translate_topic(investor_message.topic, "fr", "Foncier industriel", "Économie")
    user = topic_staff(InvestmentTopicFactory(slug="other-topic"))
    french.staff.add(user)
    log_in(client, user)
    assert client.get(message_url(investor_message)).status_code == 200


def test_the_answer_reaches_the_investor_in_their_language_with_the_department_to_reply_to(
    client, investor_message, django_capture_on_commit_callbacks
):
    french = translate_topic(
        investor_message.topic, "fr", "Foncier industriel", "service de l'économie"
    )
    french.department_email = "economie@sale.example"
    french.save()
    log_in(client, OfficialFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(message_url(investor_message), {"action": "answer", "text": ANSWER})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == [investor_message.email]
    assert ANSWER in email.body
    assert "Foncier industriel" in email.subject and "service de l'économie" in email.body
    assert email.extra_headers["Reply-To"] == "economie@sale.example"
    with translation.override("fr"):
        assert gettext("You may answer this email to go on with the department.") in email.body


def test_a_message_is_answered_once(client, investor_message, django_capture_on_commit_callbacks):
    log_in(client, OfficialFactory())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(message_url(investor_message), {"action": "answer", "text": ANSWER})
        again = client.post(
            message_url(investor_message), {"action": "answer", "text": "Une autre réponse"}
        )
    assert again.status_code == 302
    investor_message.refresh_from_db()
    assert investor_message.answer == ANSWER
    assert len(mail.outbox) == 1
    with pytest.raises(ParticipationError):
        services.answer(OfficialFactory(), investor_message, "Encore")


def test_an_empty_answer_is_shown_again_and_changes_nothing(client, investor_message):
    log_in(client, OfficialFactory())
    response = client.post(message_url(investor_message), {"action": "answer", "text": "  "})
    assert response.status_code == 200
    assert response.context["answer_form"].errors
    investor_message.refresh_from_db()
    assert investor_message.status == MessageStatus.NEW


def test_closing_records_who_and_why_and_ends_the_answers(client, investor_message):
    official = OfficialFactory()
    log_in(client, official)
    client.post(message_url(investor_message), {"action": "close", "reason": "Doublon"})
    investor_message.refresh_from_db()
    assert investor_message.status == MessageStatus.CLOSED and investor_message.closed_at
    entry = AuditLogEntry.objects.get(action="invest.message_closed")
    assert (entry.actor, entry.reason) == (official, "Doublon")
    client.post(message_url(investor_message), {"action": "answer", "text": ANSWER})
    investor_message.refresh_from_db()
    assert investor_message.status == MessageStatus.CLOSED and not investor_message.answer
    assert client.post(message_url(investor_message), {"action": "unknown"}).status_code in {
        302,
        403,
    }


def test_an_answered_message_may_still_be_closed(investor_message):
    official = OfficialFactory()
    services.answer(official, investor_message, ANSWER)
    services.close(official, investor_message)
    investor_message.refresh_from_db()
    assert investor_message.status == MessageStatus.CLOSED
    assert investor_message.answer == ANSWER


def test_no_screen_adds_edits_or_deletes_a_message(client, investor_message, admin_user):
    for user in (OfficialFactory(), admin_user):
        log_in(client, user)
        listing = client.get(index_url())
        assert listing.status_code == 200
        assert "/invest/messages/new/" not in listing.text
        assert "/invest/messages/edit/" not in listing.text
        detail = client.get(message_url(investor_message)).text
        assert "/invest/messages/edit/" not in detail and "/invest/messages/delete/" not in detail
        for address in (
            "/staff/invest/messages/new/",
            f"/staff/invest/messages/edit/{investor_message.pk}/",
            f"/staff/invest/messages/delete/{investor_message.pk}/",
        ):
            # No such address: the admin's addresses end at the Wagtail pages' "not found".
            assert client.get(address, follow=True).status_code == 404
            assert client.post(address, {"name": "x"}, follow=True).status_code == 404
    assert InvestorMessage.objects.count() == 1


def test_the_list_filters_by_status_and_topic_newest_first(client):
    topic = InvestmentTopicFactory()
    other_topic = InvestmentTopicFactory(slug="digital", name="الخدمات والرقمي")
    older = InvestorMessageFactory(topic=topic, name="Older Investor")
    newer = InvestorMessageFactory(topic=topic, name="Newer Investor")
    answered = InvestorMessageFactory(topic=other_topic, name="Answered Investor")
    services.answer(OfficialFactory(), answered, ANSWER)
    log_in(client, OfficialFactory())
    page = client.get(index_url()).text
    assert page.index(newer.name) < page.index(older.name)
    page = client.get(index_url(), {"status": "answered"}).text
    assert answered.name in page and newer.name not in page
    page = client.get(index_url(), {"topic": topic.pk}).text
    assert newer.name in page and answered.name not in page


def test_editors_may_manage_the_topics(client):
    log_in(client, EditorFactory())
    assert client.get("/staff/snippets/invest/investmenttopic/").status_code == 200
    log_in(client, ModeratorFactory())
    assert client.get("/staff/snippets/invest/investmenttopic/").status_code != 200
