"""News of a proposal's answer for its followers, run by the worker (``tasks.announce_answer``)
after ``services.answer`` recorded it: a popular proposal may have thousands of followers."""

from django.utils.translation import gettext as _

from participation.models import NotificationCategory
from participation.notifications import notify_followers
from proposals.models import Proposal, ProposalEvent, ProposalStatus


def notify_answer(proposal_id, event_id):
    """Tell the proposal's followers of the commune's answer, or of the council's agenda or
    decision, each once, in their language."""
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    event = ProposalEvent.objects.filter(pk=event_id, proposal_id=proposal_id).first()
    if proposal is None or event is None:
        return 0

    def message():
        if event.kind != ProposalEvent.Kind.STATUS:  # the council's agenda or decision
            return _("Proposal “%(title)s”: %(step)s — %(text)s") % {
                "title": proposal.title,
                "step": event.label,
                "text": " · ".join(filter(None, [event.text, event.council_facts])),
            }
        return _("The commune answered the proposal “%(title)s”: %(status)s") % {
            "title": proposal.title,
            "status": ProposalStatus(event.status).label,
        }

    return notify_followers(
        proposal,
        NotificationCategory.FOLLOWED_ACTIVITY,
        message,
        url=proposal.get_absolute_url(),
        key=f"proposal-event:{event.pk}",
        exclude=[event.actor] if event.actor_id else (),
    )
