from django_tasks import task


@task()
def refresh_support_count(proposal_id):
    """Bring a proposal's visible support count up to date (see services.support)."""
    from proposals.services import record_support_count

    return record_support_count(proposal_id)
