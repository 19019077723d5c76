"""Notifications: written in the recipient's language, shown in their centre, emailed at once
or in the daily digest according to their settings."""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, translate_url
from django.utils import timezone, translation
from django.utils.translation import get_language_from_path, ngettext
from django.utils.translation import gettext as _
from django_tasks import task

from participation.models import (
    Comment,
    EmailFrequency,
    Notification,
    NotificationCategory,
    NotificationPreference,
)
from participation.tasks import send_email


def email_frequency(user, category):
    preference = NotificationPreference.objects.filter(user=user, category=category).first()
    return preference.email_frequency if preference else EmailFrequency.IMMEDIATELY


def in_language(url, language_code):
    """``/fr/petitions/3/`` → ``/ar/petitions/3/``: the same view in another language. Other
    URLs (Wagtail pages, whose translations have their own slugs; other sites) are unchanged."""
    source = get_language_from_path(url) if url else None
    if source is None:
        return url
    with translation.override(source):
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            return url
        if match.url_name == "wagtail_serve":  # a page's translation has its own slug
            return url
        return translate_url(url, language_code)


def notify(recipient, category, write_message, url=""):
    """Create a notification whose text ``write_message()`` writes in the recipient's language."""
    with translation.override(recipient.preferred_language):
        message = str(write_message())
        # The link in the recipient's language, whatever language the actor was using.
        url = in_language(url, recipient.preferred_language)
    notification = Notification.objects.create(
        recipient=recipient, category=category, message=message[:500], url=url
    )
    if email_frequency(recipient, category) == EmailFrequency.IMMEDIATELY:
        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


# Recipients notified together: one query for their preferences and one insert per batch.
NOTIFICATION_BATCH_SIZE = 1000


def notify_many(
    recipients, category, write_message, url="", *, key, batch_size=NOTIFICATION_BATCH_SIZE
):
    """Notify many people of the same news, each in their language, in batches: per batch one
    query for the email preferences, one insert of the notifications, one read of what it
    inserted and one task that emails those who want it at once. ``write_message()`` and ``url``
    (a path, or a function of the language code for pages whose translations have their own
    address) are worked out once per language. ``recipients`` may be a queryset of users (read
    in batches, constant memory) or a list.

    ``key`` names the news (``"petition-event:42"``): a resident gets one notification per key,
    so a task run again after its worker died notifies nobody twice (docs/architecture.md,
    "Background work"). Returns how many recipients the news reached, counting those an earlier
    run reached."""
    messages, urls = {}, {}

    def in_their_language(language):
        if language not in messages:
            with translation.override(language):
                messages[language] = str(write_message())[:500]
                urls[language] = url(language) if callable(url) else in_language(url, language)
        return messages[language], urls[language]

    if hasattr(recipients, "iterator"):
        recipients = recipients.only("pk", "preferred_language").iterator(chunk_size=batch_size)
    sent = 0
    batch = []
    for recipient in recipients:
        batch.append(recipient)
        if len(batch) == batch_size:
            sent += _notify_batch(batch, category, in_their_language, key)
            batch = []
    if batch:
        sent += _notify_batch(batch, category, in_their_language, key)
    return sent


def _notify_batch(recipients, category, in_their_language, key):
    recipient_ids = [recipient.pk for recipient in recipients]
    frequencies = dict(
        NotificationPreference.objects.filter(
            user__in=recipient_ids, category=category
        ).values_list("user_id", "email_frequency")
    )
    notifications = []
    for recipient in recipients:
        message, url = in_their_language(recipient.preferred_language)
        notifications.append(
            Notification(recipient=recipient, category=category, message=message, url=url, key=key)
        )
    # Those an earlier run of the same news already reached are left as they are.
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    not_yet_emailed = Notification.objects.filter(
        key=key, recipient__in=recipient_ids, emailed_at__isnull=True
    ).values_list("pk", "recipient_id")
    at_once = [
        pk
        for pk, recipient_id in not_yet_emailed
        if frequencies.get(recipient_id, EmailFrequency.IMMEDIATELY) == EmailFrequency.IMMEDIATELY
    ]
    if at_once:
        transaction.on_commit(lambda: send_notification_emails.enqueue(at_once))
    return len(recipient_ids)


def notify_followers(host, category, write_message, url="", *, key, exclude=()):
    """Notify everyone who follows ``host`` (except ``exclude``), in batches, once per ``key``."""
    content_type = ContentType.objects.get_for_model(host, for_concrete_model=False)
    followers = (
        get_user_model()
        .objects.filter(
            follows__content_type=content_type, follows__object_id=host.pk, is_active=True
        )
        .exclude(pk__in=[user.pk for user in exclude])
    )
    return notify_many(followers, category, write_message, url, key=key)


def _absolute(url):
    return url if url.startswith("http") else f"{settings.SHARIK_SITE_URL}{url}"


def _deliver(recipient, subject, notifications):
    """Email ``notifications`` to their recipient, at most once: they are marked emailed before
    the message leaves, so a task run again (its worker killed mid-way) or run twice at once
    skips them. A worker killed between the two loses that email; the notification stays on
    the site."""
    claimed_at = timezone.now()
    ids = [n.pk for n in notifications]
    if Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=claimed_at
    ) != len(ids):
        # Another run claimed some of them: keep only ours (marked with this very instant).
        ours = set(
            Notification.objects.filter(pk__in=ids, emailed_at=claimed_at).values_list(
                "pk", flat=True
            )
        )
        notifications = [n for n in notifications if n.pk in ours]
        if not notifications:
            return
    with translation.override(recipient.preferred_language):
        context = {
            "recipient": recipient,
            "items": [(n, _absolute(n.url) if n.url else "") for n in notifications],
            "site_url": settings.SHARIK_SITE_URL,
            "settings_url": _absolute(f"/{recipient.preferred_language}/notifications/settings/"),
        }
        body = render_to_string("participation/email/notifications.txt", context)
        subject = f"[{_('Sharik')}] {subject()}"
    send_email.call(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])


def _digest_subject(count):
    return ngettext(
        "Your daily summary: %(count)d new notification",
        "Your daily summary: %(count)d new notifications",
        count,
    ) % {"count": count}


@task()
def send_notification_email(notification_id):
    notification = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return
    _deliver(notification.recipient, lambda: notification.message, [notification])


@task()
def send_notification_emails(notification_ids):
    """Email notifications of one batch, each once: one already emailed (a task run again after
    its worker died) is skipped."""
    notifications = (
        Notification.objects.select_related("recipient")
        .filter(pk__in=notification_ids, emailed_at__isnull=True)
        .order_by("pk")
    )
    for notification in notifications.iterator(chunk_size=500):
        _deliver(notification.recipient, lambda n=notification: n.message, [notification])


@task()
def send_daily_digests():
    """Email each resident who chose the daily digest what they have not yet been emailed."""
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .filter(
            recipient__notification_preferences__category=F("category"),
            recipient__notification_preferences__email_frequency=EmailFrequency.DAILY,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_recipient = {}
    for notification in pending:
        by_recipient.setdefault(notification.recipient, []).append(notification)
    for recipient, notifications in by_recipient.items():
        _deliver(recipient, partial(_digest_subject, len(notifications)), notifications)
    return len(by_recipient)


@task()
def announce_official_comment(comment_id):
    """Tell everyone who follows a discussion that the commune answered in it officially (see
    services.post_comment), each once."""
    comment = Comment.objects.filter(pk=comment_id, is_official=True).first()
    host = comment.host if comment is not None else None
    if host is None:
        return 0
    return notify_followers(
        host,
        NotificationCategory.FOLLOWED_ACTIVITY,
        lambda: (
            _("The commune answered officially on “%(title)s”")
            % {"title": host.participation_title()}
        ),
        url=f"{host.participation_url()}#comment-{comment.pk}",
        key=f"official-comment:{comment.pk}",
        exclude=[comment.author] if comment.author_id else (),
    )
