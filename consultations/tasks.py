"""Background work of consultations (see participation.tasks for the queue)."""

from django_tasks import task

from consultations.announcements import notify_phase
from consultations.counts import record_participant_count


@task(queue_name="counts", priority=50)
def refresh_participant_count(consultation_id):
    """Bring a consultation's visible participant count up to date."""
    return record_participant_count(consultation_id)


@task()
def announce_phase(announcement_id):
    """Tell followers and participants that a phase opened (thousands of them, possibly)."""
    return notify_phase(announcement_id)
