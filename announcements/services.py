"""The verbs of announcements: save a draft, start sending (once), resume a stopped sending."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from announcements.audiences import audience_of, describe
from announcements.models import Announcement, AnnouncementStatus, AnnouncementText
from announcements.tasks import send_announcement
from participation.services import audit


class AnnouncementError(Exception):
    """A step refused, with a message for the member of staff."""


@transaction.atomic
def save_draft(author, announcement, texts, audience):
    """Save ``announcement`` (a draft) with ``texts`` (``{language: (subject, body)}``; a
    language left out loses its text) and ``audience`` (kind, arrondissement, axis, tag)."""
    if (
        announcement.pk
        and not Announcement.objects.filter(
            pk=announcement.pk, status=AnnouncementStatus.DRAFT
        ).exists()
    ):
        raise AnnouncementError(_("This announcement was sent: it can no longer be changed."))
    if settings.LANGUAGE_CODE not in texts:
        raise AnnouncementError(_("An announcement needs its Arabic text."))
    for name, value in audience.items():
        setattr(announcement, name, value)
    if announcement.pk is None:
        announcement.created_by = author
    announcement.save()
    announcement.texts.exclude(language__in=list(texts)).delete()
    for language, (subject, body) in texts.items():
        AnnouncementText.objects.update_or_create(
            announcement=announcement,
            language=language,
            defaults={"subject": subject, "body": body},
        )
    return announcement


def start_sending(sender, announcement):
    """Send ``announcement`` to its audience, once: the draft becomes *sending* by one
    conditional UPDATE, which a second click, or a colleague sending at the same moment, finds
    already done. Audited (``announcement.sent``, with the audience and its size). Returns the
    number of recipients."""
    with transaction.atomic():
        audience_size = audience_of(announcement).count()
        started = Announcement.objects.filter(
            pk=announcement.pk, status=AnnouncementStatus.DRAFT
        ).update(
            status=AnnouncementStatus.SENDING,
            sent_by=sender,
            sending_started_at=timezone.now(),
            recipient_count=audience_size,
            cursor=0,
        )
        if not started:
            raise AnnouncementError(_("This announcement is already being sent or was sent."))
        announcement.refresh_from_db()
        audit(
            sender,
            "announcement.sent",
            announcement,
            audience=announcement.audience,
            audience_words=describe(announcement),
            count=audience_size,
        )
        transaction.on_commit(lambda: send_announcement.enqueue(announcement.pk))
    return audience_size


def resume_sending(sender, announcement):
    """Queue the sending again (the mail server was down and the run stopped): harmless if a
    run is still going, which the cursor's conditional update lets finish alone."""
    if announcement.status != AnnouncementStatus.SENDING:
        raise AnnouncementError(_("Only an announcement being sent can be resumed."))
    audit(sender, "announcement.resumed", announcement)
    transaction.on_commit(lambda: send_announcement.enqueue(announcement.pk))
