"""Background work of consultations (see participation.tasks for the queue)."""

from django_tasks import task


@task()
def refresh_participant_count(consultation_id):
    """Bring a consultation's visible participant count up to date."""
    from consultations.services import record_participant_count

    return record_participant_count(consultation_id)


@task()
def announce_phase(announcement_id):
    """Tell followers and participants that a phase opened (thousands of them, possibly)."""
    from consultations.services import notify_phase

    return notify_phase(announcement_id)
