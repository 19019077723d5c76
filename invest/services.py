"""The verbs of the investors' contact desk, one transaction each: an investor's message is
received (the topic's staff emailed, the investor acknowledged), staff open it, answer it or
close it (each in the audit log), and messages past their retention period are forgotten.

Emails leave once the transaction commits (participation/tasks.py), each in its reader's
language. The acknowledgement repeats nothing the sender typed: the form takes any address,
so it must not become a way to send someone else a text of one's choosing from the commune.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import Site

from cms.models import SiteLinks
from invest.models import (
    CONSENT_NOTICE_VERSION,
    MESSAGE_RETENTION_DAYS,
    WORKFLOW,
    InvestorMessage,
    MessageStatus,
)
from participation.services import audit
from participation.tasks import queue_email
from participation.workflow import required_reason


def already_received(submission):
    """Whether the form with this one-time key was sent already (a double click, a retry)."""
    return submission is not None and InvestorMessage.objects.filter(submission=submission).exists()


def receive(
    *, name, email, topic, message, language, organisation="", phone="", asset=None, submission=None
):
    """Record an investor's message; once it is committed, its topic's staff are emailed and
    the investor gets an acknowledgement in ``language``. The same form sent again
    (``submission``) returns the first message and emails nobody again."""
    if submission is not None:
        received = InvestorMessage.objects.filter(submission=submission).first()
        if received is not None:
            return received
    try:
        with transaction.atomic():
            received = InvestorMessage.objects.create(
                name=name.strip(),
                organisation=organisation.strip(),
                email=email.strip(),
                phone=phone,
                topic=topic,
                asset=asset,
                message=message.strip(),
                language=language,
                consent_notice=CONSENT_NOTICE_VERSION,
                submission=submission,
            )
            _tell_staff(received)
            _acknowledge(received)
            return received
    except IntegrityError:
        # The same form sent twice at the same instant: the other sending recorded it.
        if submission is not None:
            received = InvestorMessage.objects.filter(submission=submission).first()
            if received is not None:
                return received
        raise


def recipients(topic):
    """``{address: language}`` of who receives the messages of ``topic``: its staff (in any of
    its languages) in their own language, its department's address in the commune's; the site's
    contact address when the topic names no one, so that no message goes unread."""
    addresses = {}
    staff = (
        get_user_model()
        .objects.filter(
            investment_topics__translation_key=topic.translation_key,
            is_active=True,
            is_staff=True,
        )
        .exclude(email="")
        .distinct()
    )
    for user in staff:
        addresses[user.email.lower()] = user.preferred_language or settings.LANGUAGE_CODE
    for department_email in topic.translations_of_this_topic().values_list(
        "department_email", flat=True
    ):
        if department_email:
            addresses.setdefault(department_email.lower(), settings.LANGUAGE_CODE)
    if not addresses and (contact := _site_contact_email()):
        addresses[contact.lower()] = settings.LANGUAGE_CODE
    return addresses


def _site_contact_email():
    site = Site.objects.filter(is_default_site=True).first()
    return SiteLinks.for_site(site).contact_email if site else ""


def _department_email(topic):
    """The department's address, set on any of the topic's languages (None without one)."""
    addresses = topic.translations_of_this_topic().values_list("department_email", flat=True)
    return next((address for address in addresses if address), None)


def _topic_in(topic, language):
    """The topic's row in ``language`` (its name and department's name), or the default's."""
    return (
        topic.translations_of_this_topic().filter(locale__language_code=language).first() or topic
    )


def _subject(text):
    return f"[{_('Sharik')}] {text}"


def _tell_staff(message):
    link = settings.SHARIK_SITE_URL + reverse("investor_messages:inspect", args=[message.pk])
    for address, language in recipients(message.topic).items():
        with translation.override(language):
            topic = _topic_in(message.topic, language)
            subject = _subject(
                _("Investor message: %(topic)s — %(sender)s")
                % {"topic": topic.name, "sender": message.organisation or message.name}
            )
            body = render_to_string(
                "invest/email/to_staff.txt",
                {
                    "message": message,
                    "topic": topic,
                    "language_name": message.get_language_display(),
                    "received": date_format(
                        timezone.localtime(message.created_at), "DATETIME_FORMAT"
                    ),
                    "link": link,
                },
            )
        queue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


def _acknowledge(message):
    with translation.override(message.language):
        topic = _topic_in(message.topic, message.language)
        subject = _subject(_("Your message to the commune is received"))
        body = render_to_string(
            "invest/email/acknowledgement.txt",
            {
                "topic": topic,
                "retention_years": MESSAGE_RETENTION_DAYS // 365,
                "contact_email": _site_contact_email(),
                "site_url": settings.SHARIK_SITE_URL,
            },
        )
    queue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [message.email]))


def _locked(message):
    return InvestorMessage.objects.select_for_update().get(pk=message.pk)


@transaction.atomic
def record_opening(staff, message):
    """Staff read the message: who read an investor's personal data, and when, is in the
    audit log."""
    audit(staff, "invest.message_opened", message)


@transaction.atomic
def answer(staff, message, text):
    """Answer the investor: the answer is kept on the message, emailed to the investor in their
    language (replies go to the department's address, when it has one), and in the audit log.
    A message is answered once: the same answer sent twice is refused the second time."""
    message = _locked(message)
    WORKFLOW.check(message, MessageStatus.ANSWERED)
    message.answer = required_reason(text, _("Write the answer."))
    message.status = MessageStatus.ANSWERED
    message.answered_by = staff
    message.answered_at = timezone.now()
    message.save(update_fields=["answer", "status", "answered_by", "answered_at"])
    audit(staff, "invest.message_answered", message)
    reply_to = _department_email(message.topic)
    with translation.override(message.language):
        topic = _topic_in(message.topic, message.language)
        subject = _subject(_("The commune's answer: %(topic)s") % {"topic": topic.name})
        body = render_to_string(
            "invest/email/answer.txt",
            {
                "message": message,
                "topic": topic,
                "reply_to": reply_to,
                "contact_url": settings.SHARIK_SITE_URL + reverse("invest:contact"),
                "site_url": settings.SHARIK_SITE_URL,
            },
        )
    queue_email(
        EmailMessage(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [message.email],
            headers={"Reply-To": reply_to} if reply_to else None,
        )
    )
    return message


@transaction.atomic
def close(staff, message, reason=""):
    """Close a message that needs no (more) answer: a duplicate, an advert, a contact taken up
    by phone. The reason is for the staff only (the audit log)."""
    message = _locked(message)
    WORKFLOW.check(message, MessageStatus.CLOSED)
    message.status = MessageStatus.CLOSED
    message.closed_at = timezone.now()
    message.save(update_fields=["status", "closed_at"])
    audit(staff, "invest.message_closed", message, reason.strip())
    return message


@transaction.atomic
def forget_old_messages(now=None):
    """Delete the messages received more than ``MESSAGE_RETENTION_DAYS`` ago (law 09-08, as
    the form's notice promises); returns how many. Run daily (``manage.py
    forget_investor_messages``)."""
    now = now or timezone.now()
    limit = now - datetime.timedelta(days=MESSAGE_RETENTION_DAYS)
    deleted, _by_model = InvestorMessage.objects.filter(created_at__lt=limit).delete()
    return deleted
