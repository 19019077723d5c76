"""A proposal's visible support count, recounted in the background after supports change
(docs/architecture.md, "Counting")."""

from django.db import transaction

from participation import live
from participation.pagecache import pages_changed_on_commit
from participation.tasks import recount_started
from proposals.models import Proposal, Support


def recount_key(proposal_id):
    """The marker that says a recount is queued (participation/tasks.py ``queue_recount``)."""
    return f"proposal:{proposal_id}:count-refresh-queued"


def record_support_count(proposal_id):
    """Set the visible count from the supports table and push it to the page's viewers.

    The proposal row is locked before counting, so refreshes run one after another and each
    counts every support committed before it: the last refresh, queued after the last support's
    commit, writes the exact figure (an unlocked count-then-update lets an older count land last).
    """
    recount_started(recount_key(proposal_id))  # a support committed from now on queues a pass
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(pk=proposal_id).first()
        if proposal is None:
            return 0
        count = Support.objects.filter(proposal_id=proposal_id).count()
        if proposal.support_count != count:
            Proposal.objects.filter(pk=proposal_id).update(support_count=count)
            pages_changed_on_commit()  # an update() sends no signal
            live.publish_counter(proposal, "supports", count)
    return count
