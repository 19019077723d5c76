"""The announcement's sending, in the background (announcements/sending.py says how)."""

from django_tasks import task

from announcements.sending import send_batches


@task()
def send_announcement(announcement_id):
    """Send batches for a while, then queue the rest as a new task. Idempotent: run again (its
    worker killed), it goes on from where the deliveries stand and sends nobody twice."""
    outcome = send_batches(announcement_id)
    if outcome == "more":
        send_announcement.enqueue(announcement_id)
    return outcome
