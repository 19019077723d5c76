"""Announcements of a consultation's phases to its followers and participants, run by the worker
(``tasks.announce_phase``); ``services.announce_open_phases`` decides when."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consultations.models import ConsultationPage, PhaseAnnouncement, PhaseKind, Response
from participation.models import Follow, NotificationCategory
from participation.notifications import notify_many


def phase_message(consultation, kind):
    """What a notification says when a phase opens, in the active language."""
    title = consultation.title
    if kind == PhaseKind.REPORT:
        return _("Consultation “%(title)s”: the council published its report.") % {"title": title}
    if kind == PhaseKind.RESULTS:
        return _("Consultation “%(title)s”: the results are published.") % {"title": title}
    if kind == PhaseKind.QUESTIONNAIRE:
        return _("Consultation “%(title)s”: the questionnaire is open.") % {"title": title}
    return _("Consultation “%(title)s”: the debate is open.") % {"title": title}


def notify_phase(announcement_id):
    """Notify the followers of a consultation (and its participants, for results and report)
    that a phase opened, each once, in their language, with a link to their language's page."""
    announcement = (
        PhaseAnnouncement.objects.select_related("consultation").filter(pk=announcement_id).first()
    )
    if announcement is None:
        return 0
    consultation = announcement.consultation
    recipients = Q(pk__in=followers_of(consultation))
    if announcement.kind in (PhaseKind.RESULTS, PhaseKind.REPORT):
        recipients |= Q(
            pk__in=Response.objects.filter(consultation=consultation, participant__isnull=False)
            .submitted()
            .values("participant_id")
        )
    versions = {
        page.locale.language_code: page
        for page in ConsultationPage.objects.live()
        .filter(translation_key=consultation.translation_key)
        .select_related("locale")
    }
    path = {
        PhaseKind.REPORT: "report/",
        PhaseKind.RESULTS: "results/",
        PhaseKind.QUESTIONNAIRE: "questionnaire/",
    }.get(announcement.kind, "")
    sent = notify_many(
        get_user_model().objects.filter(recipients, is_active=True).order_by("pk"),
        NotificationCategory.FOLLOWED_ACTIVITY,
        lambda: phase_message(versions.get(get_language(), consultation), announcement.kind),
        url=lambda language: versions.get(language, consultation).url + path,
        key=f"consultation-phase:{announcement.pk}",
    )
    PhaseAnnouncement.objects.filter(pk=announcement.pk).update(recipients=sent)
    return sent


def followers_of(consultation):
    content_type = ContentType.objects.get_for_model(consultation, for_concrete_model=False)
    return Follow.objects.filter(content_type=content_type, object_id=consultation.pk).values(
        "user_id"
    )
