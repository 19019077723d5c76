"""News of a petition's public steps for its signatories and followers, run by the worker
(``tasks.announce_step``) after ``services.move`` recorded the step."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _

from participation.models import Follow, NotificationCategory
from participation.notifications import notify_many
from petitions.models import Petition, PetitionEvent, PetitionStatus, Signature


def notify_step(petition_id, event_id, actor_id=None):
    """Tell the petition's signatories and followers of a new public step, each once, in their
    language. In the background: a filed petition may have thousands of signatories."""
    petition = Petition.objects.filter(pk=petition_id).first()
    event = PetitionEvent.objects.filter(pk=event_id, petition_id=petition_id).first()
    if petition is None or event is None:
        return 0
    content_type = ContentType.objects.get_for_model(Petition)
    followers = Follow.objects.filter(content_type=content_type, object_id=petition_id).values(
        "user_id"
    )
    signatories = Signature.objects.filter(petition_id=petition_id, user__isnull=False).values(
        "user_id"
    )
    recipients = (
        get_user_model()
        .objects.filter(Q(pk__in=followers) | Q(pk__in=signatories), is_active=True)
        .exclude(pk=actor_id)
    )
    if event.status == PetitionStatus.COLLECTING:
        recipients = recipients.exclude(pk=petition.mandataire_id)  # told by publish() itself

    def message():
        if not event.status:  # the council's session: its agenda or decision
            return _("Petition “%(title)s”: %(status)s") % {
                "title": petition.title,
                "status": " — ".join(
                    str(part) for part in (event.label, event.text, event.council_facts) if part
                ),
            }
        return _("Petition “%(title)s”: %(status)s") % {
            "title": petition.title,
            "status": PetitionStatus(event.status).label,
        }

    return notify_many(
        recipients.order_by("pk"),
        NotificationCategory.FOLLOWED_ACTIVITY,
        message,
        url=petition.get_absolute_url(),
        key=f"petition-event:{event.pk}",
    )
