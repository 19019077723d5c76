"""A petition's visible signature count, recounted in the background in a few passes for a burst
of signatures (docs/architecture.md, "Counting"): ``services.sign`` queues a recount after
commit unless one is queued; the worker runs ``record_signature_count``."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participation import live
from participation.models import NotificationCategory
from participation.notifications import notify
from participation.pagecache import pages_changed_on_commit
from participation.tasks import recount_started
from petitions.models import Petition, Signature


def recount_key(petition_id):
    """The marker that says a recount is queued (participation/tasks.py ``queue_recount``)."""
    return f"petition:{petition_id}:count-refresh-queued"


def record_signature_count(petition_id):
    """Set the visible count from the signatures table; tell the mandataire when the threshold is
    reached; push the count to the page's viewers.

    The queued marker is cleared before counting, so a signature committed after the count began
    queues another pass. Refreshes take the row with FOR NO KEY UPDATE, which does not block
    signers (KEY SHARE) but orders refreshes, so the last one writes the exact figure.
    """
    recount_started(recount_key(petition_id))
    with transaction.atomic():
        petition = (
            Petition.objects.select_for_update(no_key=True)
            .select_related("mandataire")
            .filter(pk=petition_id)
            .first()
        )
        if petition is None:
            return 0
        count = Signature.objects.filter(petition_id=petition_id).count()
        if petition.signature_count == count:
            return count
        petition.signature_count = count
        update_fields = ["signature_count"]
        if (
            petition.needs_signatures
            and petition.threshold_reached_at is None
            and count >= petition.required_signatures
        ):
            petition.threshold_reached_at = timezone.now()
            update_fields.append("threshold_reached_at")
            notify(
                petition.mandataire,
                NotificationCategory.FOLLOWED_ACTIVITY,
                lambda: (
                    _(
                        "Your petition “%(title)s” has reached %(count)s signatures: you can now "
                        "file it with the council."
                    )
                    % {"title": petition.title, "count": petition.required_signatures}
                ),
                url=petition.get_absolute_url(),
            )
        Petition.objects.filter(pk=petition_id).update(
            **{field: getattr(petition, field) for field in update_fields}
        )
        pages_changed_on_commit()  # an update() sends no signal
        live.publish_counter(petition, "signatures", count)
    return count
