"""The council's verbs: publishing a session's agenda and recording its deliberations, each
told once to the content the agenda names (participation/agenda.py) and kept in the audit log.

Staff edit a session and its agenda in the admin (council/wagtail_hooks.py); after each save,
``announce`` tells what became public since the last one: the agenda, once published, and each
decision, once recorded. A decision corrected later is not told again.
"""

from django.db import transaction
from django.utils import timezone

from council.models import AgendaItem, CouncilSession
from participation import agenda
from participation.services import audit


def _news(session, item):
    return {
        "session": session.title,
        "day": timezone.localdate(session.starts_at),
        "url": session.get_absolute_url(),
        "item": item.title,
    }


@transaction.atomic
def announce(session, actor):
    """Publish the agenda if staff asked for it, and tell the content each item names of what
    it has not heard yet. Returns how many pieces of news went out."""
    session = CouncilSession.objects.select_for_update().get(pk=session.pk)
    now = timezone.now()
    told = 0
    if session.publish_agenda and session.agenda_published_at is None:
        session.agenda_published_at = now
        session.save(update_fields=["agenda_published_at"])
        audit(actor, "council.agenda_published", session)
    if session.agenda_published_at is None:
        return told
    items = AgendaItem.objects.filter(session=session).select_related(
        "petition", "proposal", "consultation", "project"
    )
    for item in items:
        if item.agenda_announced_at is None:
            news = agenda.AgendaNews(key=f"agenda-item:{item.pk}", **_news(session, item))
            for host in item.hosts():
                agenda.scheduled(host, news, actor)
                told += 1
            item.agenda_announced_at = now
            item.save(update_fields=["agenda_announced_at"])
        if item.is_decided and item.decision_announced_at is None:
            deliberation = agenda.Deliberation(
                key=f"deliberation:{item.pk}",
                outcome=item.outcome,
                text=item.decision_text,
                reference=item.deliberation_reference,
                votes_for=item.votes_for,
                votes_against=item.votes_against,
                abstentions=item.abstentions,
                **_news(session, item),
            )
            for host in item.hosts():
                agenda.decided(host, deliberation, actor)
                told += 1
            item.decision_announced_at = now
            item.save(update_fields=["decision_announced_at"])
            audit(
                actor,
                "council.deliberation",
                session,
                item.decision_text,
                item=item.title,
                outcome=item.outcome,
                reference=item.deliberation_reference,
            )
    return told
