"""Notifications: written in the recipient's language, shown in their centre, emailed at once
or in the daily digest according to their settings."""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
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
    EmailFrequency,
    Follow,
    Notification,
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


def notify_followers(host, category, write_message, url="", exclude=()):
    """Notify everyone who follows ``host`` (except ``exclude``)."""
    content_type = ContentType.objects.get_for_model(host, for_concrete_model=False)
    follows = (
        Follow.objects.filter(content_type=content_type, object_id=host.pk)
        .exclude(user__in=[user.pk for user in exclude])
        .select_related("user")
    )
    return [notify(follow.user, category, write_message, url) for follow in follows]


def _absolute(url):
    return url if url.startswith("http") else f"{settings.SHARIK_SITE_URL}{url}"


def _deliver(recipient, subject, notifications):
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
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )


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
