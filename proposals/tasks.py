"""Background work of proposals (see participation.tasks for the queue)."""

from django_tasks import task

from proposals.counts import record_support_count


@task()
def refresh_support_count(proposal_id):
    """Bring a proposal's visible support count up to date (see services.support)."""
    return record_support_count(proposal_id)
