"""Background work of proposals (see participation.tasks for the queue)."""

from django_tasks import task

from proposals.announcements import notify_answer
from proposals.counts import record_support_count


@task(queue_name="counts", priority=50)
def refresh_support_count(proposal_id):
    """Bring a proposal's visible support count up to date (see services.support)."""
    return record_support_count(proposal_id)


@task()
def announce_answer(proposal_id, event_id):
    """Tell the proposal's followers of the commune's answer (see services.answer)."""
    return notify_answer(proposal_id, event_id)
