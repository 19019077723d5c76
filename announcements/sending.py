"""Sending an announcement in batches, in constant memory, at most once per recipient.

The loop (``send_batches``, run by the task ``tasks.send_announcement``) reads the next
``SHARIK_ANNOUNCEMENT_BATCH_SIZE`` recipients by increasing user id above the announcement's
``cursor`` (keyset pagination: ids, addresses and languages of one batch are all it holds),
leaving out anyone who already has a ``Delivery`` row. For each recipient:

1. **claim**: insert their ``Delivery`` (state *sending*); the unique constraint on
   (announcement, recipient) lets one run only insert it, so two runs at once, or a run
   taken up again after its worker died, never both send to the same person;
2. **send** the message;
3. **record** it *sent* (or *failed*, when the mail server refuses that one address).

Record first, then send: at most once. A worker killed between 1 and 3 leaves that one row
*sending*: the message may or may not have left, and it is never sent again. The progress
screen counts those as "interrupted" (one per kill, at most). The other choice, at least once
(send, then record), would send that message again after a kill; a resident receiving the
same announcement twice is worse for a public body than one in a hundred thousand missing it.

After each batch the cursor moves by one conditional UPDATE (from the value this run read):
if another run moved it first, this one stops and leaves the rest to it, so a task taken up
again while its first run is only slow does not double the work. A run sends batches for at
most ``SHARIK_ANNOUNCEMENT_TASK_SECONDS`` (at least one), then queues the next run: no task
comes near ``SHARIK_TASK_TIMEOUT_SECONDS``, after which the worker would take it up again.

Queries per batch: one read of the batch, one insert and one update per recipient, one update
of the cursor; none depends on the audience's size (tests/announcements/test_sending.py).
"""

import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from announcements.audiences import audience_of
from announcements.emails import Letters
from announcements.models import Announcement, AnnouncementStatus, Delivery, DeliveryState

logger = logging.getLogger("sharik.announcements")


def next_batch(announcement, cursor, size):
    """``[(user id, email, preferred language)]`` of the next ``size`` recipients above
    ``cursor`` who have no delivery of ``announcement`` yet."""
    claimed = Delivery.objects.filter(announcement=announcement, recipient=OuterRef("pk"))
    return list(
        audience_of(announcement)
        .filter(pk__gt=cursor)
        .exclude(Exists(claimed))
        .order_by("pk")
        .values_list("pk", "email", "preferred_language")[:size]
    )


def claim(announcement, recipient_id, language):
    """Insert the recipient's delivery; None when a run claimed them already."""
    try:
        with transaction.atomic():
            return Delivery.objects.create(
                announcement=announcement,
                recipient_id=recipient_id,
                language=language,
                state=DeliveryState.SENDING,
            )
    except IntegrityError:
        return None


def deliver_batch(announcement, letters, batch, connection):
    """Claim, send and record each recipient of ``batch``. Returns how many were sent."""
    sent = 0
    for recipient_id, email, preferred_language in batch:
        message, language = letters.message(
            recipient_id, email, preferred_language, connection=connection
        )
        delivery = claim(announcement, recipient_id, language)
        if delivery is None:
            continue
        try:
            message.send()
        except smtplib.SMTPRecipientsRefused:
            Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED)
            continue
        except Exception:
            # The mail server is unreachable or refused the message: that one is marked failed
            # (it did not leave) and the run stops; "resume" on the progress screen, or the next
            # run, goes on with the others.
            Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED)
            raise
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.SENT, sent_at=timezone.now()
        )
        sent += 1
    return sent


def send_batches(announcement_id, seconds=None, batch_size=None):
    """Send batches of ``announcement_id`` for about ``seconds`` (at least one batch).

    Returns ``"sent"`` when nobody is left (the announcement is then marked sent), ``"more"``
    when the caller should run again, ``"stopped"`` when there is nothing for this run to do
    (not sending, or another run went ahead)."""
    if seconds is None:
        # Well inside the time after which a worker takes a task up again (sharik/worker.py).
        seconds = min(
            settings.SHARIK_ANNOUNCEMENT_TASK_SECONDS, settings.SHARIK_TASK_TIMEOUT_SECONDS / 4
        )
    batch_size = batch_size or settings.SHARIK_ANNOUNCEMENT_BATCH_SIZE
    announcement = (
        Announcement.objects.filter(pk=announcement_id, status=AnnouncementStatus.SENDING)
        .select_related("arrondissement__locale", "axis", "tag")
        .prefetch_related("texts")
        .first()
    )
    if announcement is None:
        return "stopped"
    letters = Letters(announcement)
    started = time.monotonic()
    connection = get_connection()
    try:
        while True:
            cursor = announcement.cursor
            batch = next_batch(announcement, cursor, batch_size)
            if not batch:
                finished = Announcement.objects.filter(
                    pk=announcement.pk, status=AnnouncementStatus.SENDING
                ).update(status=AnnouncementStatus.SENT, sent_at=timezone.now())
                if finished:
                    logger.info("Announcement %s sent.", announcement.pk)
                return "sent"
            connection.open()
            deliver_batch(announcement, letters, batch, connection)
            last = batch[-1][0]
            if not Announcement.objects.filter(pk=announcement.pk, cursor=cursor).update(
                cursor=last
            ):
                return "stopped"  # another run moved the cursor: it goes on
            announcement.cursor = last
            if time.monotonic() - started >= seconds:
                return "more"
    finally:
        connection.close()


def progress(announcement):
    """``{"sent": n, "failed": n, "interrupted": n, "total": n}`` (one query)."""
    counts = dict(
        Delivery.objects.filter(announcement=announcement)
        .values_list("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
        .order_by()
    )
    return {
        "sent": counts.get(DeliveryState.SENT, 0),
        "failed": counts.get(DeliveryState.FAILED, 0),
        "interrupted": counts.get(DeliveryState.SENDING, 0),
        "total": announcement.recipient_count,
    }
