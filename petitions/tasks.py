from django_tasks import task

from petitions.announcements import notify_step
from petitions.counts import record_signature_count
from petitions.dossier import store_dossier
from petitions.models import Petition


@task(queue_name="counts", priority=50)
def refresh_signature_count(petition_id):
    """Bring a petition's visible signature count up to date (see services.sign)."""
    return record_signature_count(petition_id)


@task()
def announce_step(petition_id, event_id, actor_id=None):
    """Tell the petition's signatories and followers of a new public step (announcements.py)."""
    return notify_step(petition_id, event_id, actor_id)


@task()
def build_dossier(petition_id):
    """Build and keep the official PDF dossier of a filed petition (see dossier.store_dossier)."""
    petition = Petition.objects.filter(pk=petition_id, filed_at__isnull=False).first()
    if petition is None:
        return None
    return store_dossier(petition)
