"""Notifying many people at once (participation/notifications.py ``notify_many``): each once, in
their language, in batches whose cost does not grow with the number of recipients, emailed at
once or kept for the digest as each chose, and a batch's emails sent once even if its task runs
again."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import get_language

from participation.models import (
    EmailFrequency,
    Notification,
    NotificationCategory,
    NotificationPreference,
    User,
)
from participation.notifications import notify_many, send_notification_emails
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db

CATEGORY = NotificationCategory.FOLLOWED_ACTIVITY
WORDS = {"ar": "قرار المجلس", "fr": "Décision du conseil", "en": "The council's decision"}


def message():
    return WORDS[get_language()]


def residents(count, language="ar"):
    return [ResidentFactory(preferred_language=language) for _ in range(count)]


def queries_to_notify(count, batch_size):
    people = residents(count)
    with CaptureQueriesContext(connection) as queries:
        sent = notify_many(
            User.objects.filter(pk__in=[p.pk for p in people]), CATEGORY, message, "/ar/",
            key="news", batch_size=batch_size,
        )  # fmt: skip
    assert sent == count
    return len(queries)


def test_each_is_told_once_in_their_language_with_the_link_in_their_language():
    arabic, french, english = residents(1, "ar")[0], residents(1, "fr")[0], residents(1, "en")[0]
    sent = notify_many(
        User.objects.filter(pk__in=[arabic.pk, french.pk, english.pk]),
        CATEGORY,
        message,
        key="news",
        url=lambda language: f"/{language}/petitions/3/",
    )
    assert sent == 3
    told = {n.recipient_id: (n.message, n.url) for n in Notification.objects.all()}
    assert told == {
        arabic.pk: (WORDS["ar"], "/ar/petitions/3/"),
        french.pk: (WORDS["fr"], "/fr/petitions/3/"),
        english.pk: (WORDS["en"], "/en/petitions/3/"),
    }


def test_a_path_is_given_in_each_recipients_language():
    french = residents(1, "fr")[0]
    notify_many([french], CATEGORY, message, "/ar/proposals/4/", key="news")
    assert Notification.objects.get(recipient=french).url == "/fr/proposals/4/"


def test_the_queries_grow_with_the_batches_not_with_the_recipients():
    # 40 recipients in batches of 10 cost what 10 recipients in batches of 10 cost, four times:
    # reading the batch of users, their preferences, one insert, reading back what is to email.
    one_batch = queries_to_notify(10, batch_size=10)
    four_batches = queries_to_notify(40, batch_size=10)
    assert one_batch <= 4
    assert four_batches <= 4 * one_batch
    assert queries_to_notify(40, batch_size=40) == one_batch


def test_emails_follow_each_recipients_choice(django_capture_on_commit_callbacks):
    now, daily, never = residents(3)
    NotificationPreference.objects.create(
        user=daily, category=CATEGORY, email_frequency=EmailFrequency.DAILY
    )
    NotificationPreference.objects.create(
        user=never, category=CATEGORY, email_frequency=EmailFrequency.NEVER
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_many([now, daily, never], CATEGORY, message, "/ar/", key="news")
    assert [m.to for m in mail.outbox] == [[now.email]]
    assert Notification.objects.filter(recipient=daily, emailed_at__isnull=True).exists()


def test_a_batch_run_again_after_its_worker_died_emails_no_one_twice(
    django_capture_on_commit_callbacks,
):
    people = residents(3)
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(people, CATEGORY, message, "/ar/", key="news")
    assert len(mail.outbox) == 3
    ids = list(Notification.objects.values_list("pk", flat=True))
    send_notification_emails.call(ids)  # the worker took the task up again
    assert len(mail.outbox) == 3


def test_news_told_again_reaches_nobody_twice(django_capture_on_commit_callbacks):
    """A task run again after its worker died mid-way: those the first run reached keep their one
    notification and their one email; those it did not reach are told now."""
    people = residents(5)
    with django_capture_on_commit_callbacks(execute=True):
        notify_many(people[:2], CATEGORY, message, "/ar/", key="decision:7")
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        sent = notify_many(people, CATEGORY, message, "/ar/", key="decision:7", batch_size=2)
    assert sent == 5
    assert Notification.objects.filter(key="decision:7").count() == 5
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    # Other news for the same people is news again.
    notify_many(people[:1], CATEGORY, message, "/ar/", key="decision:8")
    assert Notification.objects.filter(recipient=people[0]).count() == 2


def test_an_email_claimed_by_another_run_is_not_sent_again():
    """Two runs of the same email task at once (a slow worker and the one that took its task up
    again): each notification is emailed by the run that marked it first."""
    people = residents(2)
    notify_many(people, CATEGORY, message, "/ar/", key="news")
    ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
    mail.outbox.clear()
    Notification.objects.filter(pk=ids[0]).update(emailed_at=timezone.now())  # the other run
    send_notification_emails.call(ids)
    assert [m.to for m in mail.outbox] == [[people[1].email]]
