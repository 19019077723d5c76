"""What happens to a resident's signatures when they delete their account
(participation/account_deletion.py), and how long the law's copy is kept.

- On a petition not filed with the council (collecting, expired, withdrawn…), the signature is
  erased, as if withdrawn: the count is refreshed.
- On a petition filed with the council (filed, admissible, inadmissible, decided), the signature
  is part of the record the council received (organic law 113-14; decree 2-16-403: the list of
  signatories with full name, CIN number and address): it is kept with the identity the resident
  declared when signing, unlinked from any account and no longer shown publicly, for
  ``SHARIK_SIGNATURE_RETENTION_DAYS`` after the petition's last step (the council's decision,
  else the notice of inadmissibility, else the filing). ``manage.py purge_retained_data``
  then empties the name, CIN, address and activity (the row stays, so the petition's count stays
  true), and deletes the platform's copy of the petition's dossier, which lists them.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from participation.account_deletion import Retained, new_purged_marker
from petitions.models import Petition, PetitionStatus, Signature
from petitions.services import schedule_count_refresh

#: A petition in one of these has been filed with the council: its signatures are its record.
FILED_STATUSES = (
    PetitionStatus.FILED,
    PetitionStatus.ADMISSIBLE,
    PetitionStatus.INADMISSIBLE,
    PetitionStatus.DECIDED,
)


def handle_signatures(user, stand_in, model, field):
    """Erase the account's signatures on petitions not filed; keep, unlinked and hidden, those on
    filed ones. Returns how many were kept."""
    signatures = Signature._base_manager.filter(user=user)
    unfiled = signatures.exclude(petition__status__in=FILED_STATUSES)
    recount = set(unfiled.values_list("petition_id", flat=True))
    unfiled.delete()
    for petition_id in recount:
        transaction.on_commit(lambda petition_id=petition_id: schedule_count_refresh(petition_id))
    return signatures.update(user=None, show_name=False)


def retention_cutoff(now):
    """The last day of a petition step whose kept signatures are past their period."""
    return now.date() - datetime.timedelta(days=settings.SHARIK_SIGNATURE_RETENTION_DAYS)


def past_retention(now):
    """Petitions filed with the council whose last step is older than the retention period."""
    cutoff = retention_cutoff(now)
    return Petition.objects.filter(status__in=FILED_STATUSES).filter(
        Q(decided_on__lte=cutoff)
        | Q(decided_on__isnull=True, mandataire_notified_on__lte=cutoff)
        | Q(
            decided_on__isnull=True, mandataire_notified_on__isnull=True, filed_at__date__lte=cutoff
        )
    )


def purge_signatures(now):
    """Empty the identity kept on deleted accounts' signatures past the retention period, and
    delete the dossier file of their petitions. Returns how many signatures were purged."""
    kept = Signature._base_manager.filter(
        user__isnull=True, petition__in=past_retention(now)
    ).exclude(full_name="", cin_encrypted="")
    petition_ids = set(kept.values_list("petition_id", flat=True))
    purged = 0
    for signature in kept.only("pk").iterator():
        Signature._base_manager.filter(pk=signature.pk).update(
            full_name="",
            cin_encrypted="",
            cin_digest=new_purged_marker(Signature._meta.get_field("cin_digest").max_length),
            address="",
            activity="",
        )
        purged += 1
    for petition in Petition.objects.filter(pk__in=petition_ids).exclude(dossier_file=""):
        name, storage = petition.dossier_file.name, petition.dossier_file.storage
        Petition.objects.filter(pk=petition.pk).update(dossier_file="")
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    return purged


def account_deletion_policies():
    return [
        Retained(
            "petitions.Signature.user",
            "a signature on a petition filed with the council is part of its legal record: "
            "kept with the declared identity for SHARIK_SIGNATURE_RETENTION_DAYS, then purged",
            handle=handle_signatures,
            purge=purge_signatures,
        )
    ]
