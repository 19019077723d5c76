"""A consultation's visible participant count: recounted in the background after answers
change, a few passes for a burst of submissions (as petitions' signatures are; docs/architecture.md,
"Counting"). ``services.schedule_participant_count`` queues the recount; the task runs this."""

from django.db import transaction

from consultations.models import ConsultationPage, ConsultationTally, Response
from participation.live import publish_counter
from participation.tasks import recount_started


def recount_key(consultation_id):
    """The marker that says a recount is queued (participation/tasks.py ``queue_recount``)."""
    return f"consultations:recount:{consultation_id}"


def record_participant_count(consultation_id):
    """Set the visible participant count from the responses and push it to the page."""
    recount_started(recount_key(consultation_id))
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    with transaction.atomic():
        tally, _created = ConsultationTally.objects.select_for_update().get_or_create(
            consultation_id=consultation_id
        )
        # Counted once the tally row is locked: two overlapping recounts then write in the order
        # they counted, and the later, larger count is the one kept.
        count = Response.objects.filter(consultation_id=consultation_id).submitted().count()
        if tally.participant_count != count:
            tally.participant_count = count
            tally.save(update_fields=["participant_count", "updated_at"])
            publish_counter(consultation, "participants", count)
    return count
