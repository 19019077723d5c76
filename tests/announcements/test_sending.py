"""Sending an announcement (announcements/sending.py): each recipient once, in their language,
with a link to stop that works without logging in; in batches whose queries do not grow with
the audience; and nobody twice after the worker dies mid-way and the task is run again."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from announcements import services
from announcements.models import AnnouncementStatus, Delivery, DeliveryState
from announcements.sending import claim, progress, send_batches
from announcements.tasks import send_announcement
from participation.models import AuditLogEntry
from tests.announcements.factories import OptedInResidentFactory
from tests.announcements.mail import DyingBackend
from tests.participation.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def recipients_of(outbox):
    return [address for message in outbox for address in message.to]


def start(announcement, sender, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.start_sending(sender, announcement)


def test_each_recipient_once_in_their_language(
    announcement_factory, announcement_sender, django_capture_on_commit_callbacks
):
    arabic = OptedInResidentFactory(preferred_language="ar")
    french = OptedInResidentFactory(preferred_language="fr")
    amazigh = OptedInResidentFactory(preferred_language="zgh")  # no Amazigh text: Arabic
    ResidentFactory()  # never opted in
    announcement = announcement_factory(
        texts={
            "ar": ("أشغال", "تبدأ الأشغال <script>alert(1)</script> يوم الاثنين."),
            "fr": ("Travaux", "Les travaux commencent lundi.\n\nDétails : https://sale.ma/"),
        }
    )

    assert start(announcement, announcement_sender, django_capture_on_commit_callbacks) == 3

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == sorted([arabic.email, french.email, amazigh.email])
    assert len(mail.outbox) == 3
    assert by_address[french.email].subject == "Travaux"
    assert by_address[arabic.email].subject == "أشغال"
    assert by_address[amazigh.email].subject == "أشغال"
    # The link to stop, in the reader's language, in the text, the HTML and the headers.
    french_message = by_address[french.email]
    link = re.search(r"http://\S+/fr/announcements/unsubscribe/\S+/", french_message.body)[0]
    html = french_message.alternatives[0].content
    assert f'href="{link}"' in html
    assert french_message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert french_message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert '<a href="https://sale.ma/"' in html  # an address becomes a link
    assert "/zgh/announcements/unsubscribe/" in by_address[amazigh.email].body
    # Staff text is never markup.
    arabic_html = by_address[arabic.email].alternatives[0].content
    assert "<script>" not in arabic_html
    assert "&lt;script&gt;" in arabic_html
    assert 'dir="rtl"' in arabic_html

    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT
    assert announcement.sent_at is not None
    assert progress(announcement) == {"sent": 3, "failed": 0, "interrupted": 0, "total": 3}
    assert dict(Delivery.objects.values_list("recipient_id", "language")) == {
        arabic.pk: "ar",
        french.pk: "fr",
        amazigh.pk: "ar",
    }


def test_sending_starts_once_and_is_audited(
    announcement, announcement_sender, django_capture_on_commit_callbacks
):
    OptedInResidentFactory.create_batch(2)
    start(announcement, announcement_sender, django_capture_on_commit_callbacks)

    with pytest.raises(services.AnnouncementError):  # a double click, a colleague
        start(announcement, announcement_sender, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    entry = AuditLogEntry.objects.get(action="announcement.sent")
    assert entry.actor == announcement_sender
    assert entry.object_id == announcement.pk
    assert entry.data["count"] == 2
    assert entry.data["audience"] == "everyone"


def test_the_loop_goes_by_batches_of_ids_and_says_when_to_go_on(announcement, announcement_sender):
    residents = OptedInResidentFactory.create_batch(5)
    services.start_sending(announcement_sender, announcement)  # the task waits for the commit

    outcomes = [send_batches(announcement.pk, seconds=0, batch_size=2) for _ in range(4)]

    assert outcomes == ["more", "more", "more", "sent"]
    assert recipients_of(mail.outbox) == [r.email for r in residents]  # by increasing id
    announcement.refresh_from_db()
    assert announcement.cursor == residents[-1].pk
    assert send_batches(announcement.pk) == "stopped"  # sent: nothing to do


def queries_per_batch(total, announcement_factory, sender, batch_size=3):
    OptedInResidentFactory.create_batch(total)
    announcement = announcement_factory()
    services.start_sending(sender, announcement)
    counts = []
    outcome = "more"
    while outcome == "more":
        with CaptureQueriesContext(connection) as queries:
            outcome = send_batches(announcement.pk, seconds=0, batch_size=batch_size)
        counts.append(len(queries))
    Delivery.objects.all().delete()
    return counts[:-1]  # the last run finds nobody left


def test_queries_per_batch_do_not_depend_on_the_audience(announcement_factory, announcement_sender):
    small = queries_per_batch(6, announcement_factory, announcement_sender)
    large = queries_per_batch(15, announcement_factory, announcement_sender)

    assert len(small) == 2
    assert len(large) == 7  # the 6 of before, and 15 more
    assert set(small) == set(large) and len(set(large)) == 1
    # Reading the announcement, its texts and the batch, a claim and a record per recipient
    # (the claim in a savepoint), moving the cursor.
    assert large[0] <= 4 + 3 * 4


def test_a_recipient_already_claimed_is_never_sent_again(announcement, announcement_sender):
    first, second = OptedInResidentFactory.create_batch(2)
    services.start_sending(announcement_sender, announcement)
    assert claim(announcement, first.pk, "ar") is not None
    assert claim(announcement, first.pk, "ar") is None  # another run got there first

    send_batches(announcement.pk)

    assert recipients_of(mail.outbox) == [second.email]


def test_a_worker_killed_mid_way_then_run_again_sends_nobody_twice(
    settings, announcement, announcement_sender, django_capture_on_commit_callbacks
):
    """The worker dies (SystemExit, as a kill: no handler runs) while sending the fifth
    message; the task is run again, as the next worker takes it up. Everyone is sent it once,
    but the fifth, whose delivery stays "being sent, or interrupted": at most once."""
    residents = OptedInResidentFactory.create_batch(9)
    settings.SHARIK_ANNOUNCEMENT_BATCH_SIZE = 3
    settings.EMAIL_BACKEND = "tests.announcements.mail.DyingBackend"
    DyingBackend.die_after = 4
    try:
        start(announcement, announcement_sender, django_capture_on_commit_callbacks)
    finally:
        DyingBackend.die_after = None
    assert len(mail.outbox) == 4
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENDING

    send_announcement.enqueue(announcement.pk)  # taken up again

    sent_to = recipients_of(mail.outbox)
    assert len(sent_to) == len(set(sent_to))  # nobody twice
    assert sent_to == [r.email for r in residents if r != residents[4]]
    interrupted = Delivery.objects.get(state=DeliveryState.SENDING)
    assert interrupted.recipient == residents[4]
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT
    assert progress(announcement) == {"sent": 8, "failed": 0, "interrupted": 1, "total": 9}


def test_a_resident_who_withdraws_during_the_sending_is_not_sent_it(
    announcement, announcement_sender
):
    from announcements.apps import CONSENT_PURPOSE
    from participation import consents

    first, second, third = OptedInResidentFactory.create_batch(3)
    services.start_sending(announcement_sender, announcement)
    send_batches(announcement.pk, seconds=0, batch_size=1)
    consents.withdraw(third, CONSENT_PURPOSE)

    while send_batches(announcement.pk, seconds=0, batch_size=1) == "more":
        pass

    assert recipients_of(mail.outbox) == [first.email, second.email]
