"""The verbs of petitions, one transaction each; the state machine is models.TRANSITIONS (moved
through participation/workflow.py) and the legal conditions are petitions/law.py.

Signing is an ``INSERT … ON CONFLICT DO NOTHING`` guarded by two unique constraints (one account,
one CIN). The visible count is never updated per signature on the request path: a background
refresh recounts, at most one queued per petition at a time, so a burst of signatures costs a
handful of recounts and the count is exact within seconds (docs/architecture.md, "Counting").
"""

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from participation.backends import declaration_of
from participation.models import NotificationCategory
from participation.notifications import notify
from participation.services import (
    ParticipationError,
    audit,
    automatic_follow_sql,
    follow,
    follow_automatically,
    host_content_type,
)
from participation.tasks import (
    enqueue_recount,
    mark_recount_queued_sql,
    queue_recount,
    recount_window,
)
from petitions import law
from petitions.counts import recount_key
from petitions.models import (
    WORKFLOW,
    CouncilDecision,
    OrganisationStatus,
    Petition,
    PetitionEvent,
    PetitionKind,
    PetitionStatus,
    Signature,
)
from petitions.tasks import announce_step, build_dossier, refresh_signature_count


def move(petition, status, actor, text="", *, public=True, council=None):
    """Take a step of the petition's workflow (``WORKFLOW.transition``); signatories and
    followers hear of each public step in the background once it is committed
    (``tasks.announce_step``): a filed petition may have thousands of them."""
    event = WORKFLOW.transition(petition, status, actor, text, public=public, council=council)
    if event.is_public:
        transaction.on_commit(lambda: announce_step.enqueue(petition.pk, event.pk, event.actor_id))
    return event


def _locked(petition):
    """The petition row locked against signatures in flight (they hold KEY SHARE locks)."""
    return Petition.objects.select_for_update().get(pk=petition.pk)


# --- Drafting and pre-review --------------------------------------------------------------------


@transaction.atomic
def submit_for_review(petition):
    """The mandataire asks staff to publish the petition; refused while a condition is unmet."""
    if petition.kind == PetitionKind.ASSOCIATION and (
        petition.organisation is None
        or not petition.organisation.representatives.filter(pk=petition.mandataire_id).exists()
    ):
        raise ParticipationError(_("Only a representative of the association may submit it."))
    unmet = petition.unmet_conditions()
    if unmet:
        raise ParticipationError(
            _("Not yet: %(conditions)s")
            % {"conditions": " ".join(str(c.explanation) for c in unmet)}
        )
    move(petition, PetitionStatus.PENDING, petition.mandataire, public=False)
    follow(petition.mandataire, petition, automatic=True)
    return petition


@transaction.atomic
def publish(moderator, petition, collection_ends_on=None):
    """Staff publish after pre-review: the threshold is fixed from the commune's class and the
    collection period starts."""
    petition = _locked(petition)
    today = timezone.localdate()
    collection_ends_on = collection_ends_on or petition.default_collection_end()
    if collection_ends_on <= today:
        raise ParticipationError(_("The collection must end after today."))
    if petition.needs_signatures:
        petition.signature_threshold = law.residents_signature_threshold()
        petition.collection_ends_on = collection_ends_on
    petition.published_at = timezone.now()
    move(petition, PetitionStatus.COLLECTING, moderator)
    audit(moderator, "petition.publish", petition)
    notify(
        petition.mandataire,
        NotificationCategory.MODERATION,
        lambda: (
            _("Your petition “%(title)s” is published: residents can now sign it.")
            % {"title": petition.title}
            if petition.needs_signatures
            else _("Your petition “%(title)s” is published: you can now file it with the council.")
            % {"title": petition.title}
        ),
        url=petition.get_absolute_url(),
    )
    return petition


@transaction.atomic
def return_to_mandataire(moderator, petition, reason):
    """Pre-review refuses publication for now; the mandataire sees why, corrects, resubmits
    (``Petition.return_to_mandataire``)."""
    return petition.return_to_mandataire(moderator, reason)


@transaction.atomic
def withdraw_petition(mandataire, petition, reason=""):
    """The petitioners give up before filing; the petition stays public as withdrawn."""
    petition = _locked(petition)
    if petition.mandataire_id != mandataire.pk:
        raise ParticipationError(_("Only the mandataire may withdraw the petition."))
    move(petition, PetitionStatus.WITHDRAWN, mandataire, reason.strip())
    return petition


# --- Signing --------------------------------------------------------------------------------------


def _lock_for_signing(petition_id):
    """Read the petition's status under a KEY SHARE lock on PostgreSQL: signers do not block each
    other, but filing (FOR UPDATE) waits for signatures in flight and signatures arriving during
    filing wait for it, then see the petition filed. SQLite serialises writers anyway."""
    table = connection.ops.quote_name(Petition._meta.db_table)
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, collection_ends_on, kind FROM {table} WHERE id = %s{lock}",  # noqa: S608
            [petition_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise ParticipationError(_("This petition does not exist."))
    status, ends_on, kind = row
    if isinstance(ends_on, str):  # SQLite returns dates as text through a raw cursor
        ends_on = timezone.datetime.fromisoformat(ends_on).date()
    return status, ends_on, kind


def signing_refusal(user, petition):
    """Why ``user`` may not sign ``petition`` now (a translated sentence), or None."""
    if not petition.collection_is_open():
        return _("This petition is not collecting signatures.")
    return declaration_refusal(declaration_of(user))


def declaration_refusal(declaration):
    """Why a resident with this identity ``declaration`` (or None) may not sign, or None."""
    if declaration is None:
        return _("Declare your identity first: the law requires it of signatories.")
    if not law.may_sign(declaration):
        return _(
            "Your declaration does not meet the conditions to sign: you must live or work in the "
            "commune and be on the electoral rolls."
        )
    return None


def sign(user, petition, show_name=False, *, at_counter=None, recorded_by=None):
    """Sign once. Returns whether this call added the signature; a double submit, a second tab
    or a second account with the same CIN adds nothing (the unique constraints decide).

    ``at_counter`` (an arrondissement) and ``recorded_by`` (the agent) mark a signature a counter
    agent recorded for the resident (counters/); the rules are the same."""
    marks = (getattr(at_counter, "pk", None), getattr(recorded_by, "pk", None))
    declaration = declaration_of(user)
    if declaration is None or not law.may_sign(declaration):
        raise ParticipationError(signing_refusal(user, petition))
    if connection.vendor == "postgresql" and petition.collection_is_open():
        created, recount_marked = _sign_in_one_statement(
            user, petition, declaration, show_name, marks
        )
        if created is not None:
            if recount_marked:
                transaction.on_commit(lambda: enqueue_recount(refresh_signature_count, petition.pk))
            return created
    # Elsewhere, or the petition changed since it was read: decide on the row, under its lock.
    table = connection.ops.quote_name(Signature._meta.db_table)
    with transaction.atomic():
        status, ends_on, kind = _lock_for_signing(petition.pk)
        if (
            status != PetitionStatus.COLLECTING
            or kind != PetitionKind.RESIDENTS
            or (ends_on is not None and timezone.localdate() > ends_on)
        ):
            raise ParticipationError(_("This petition is not collecting signatures."))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (petition_id, {SIGNATURE_COLUMNS}) "  # noqa: S608
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT DO NOTHING RETURNING id",
                [
                    petition.pk,
                    *_signature_values(user, declaration, show_name, timezone.now(), marks),
                ],
            )
            created = cursor.fetchone() is not None
        if created:
            follow_automatically(user, petition)  # in the same transaction, one statement
            transaction.on_commit(lambda: schedule_count_refresh(petition.pk))
    return created


# A signature copies the signatory's declaration as it is when they sign.
SIGNATURE_COLUMNS = (
    "user_id, cin_digest, cin_encrypted, full_name, address, activity, arrondissement_id, "
    "on_electoral_roll, declaration_version, show_name, created_at, at_counter_id, recorded_by_id"
)


def _signature_values(user, declaration, show_name, now, marks=(None, None)):
    return [
        user.pk,
        declaration.cin_digest,
        declaration.cin_encrypted,
        declaration.full_name,
        declaration.address,
        declaration.activity,
        declaration.arrondissement_id,
        declaration.on_electoral_roll,
        settings.SHARIK_SIGNATURE_DECLARATION_VERSION,
        bool(show_name),
        now,
        *marks,
    ]


def _sign_in_one_statement(user, petition, declaration, show_name, marks=(None, None)):
    """On PostgreSQL, the signature, its follow and the recount's marker in one statement
    (atomic by itself, one round trip instead of six), provided the petition's row is still as
    ``petition`` was read (the rule, ``collection_is_open``, was applied to it in Python): locked
    FOR KEY SHARE as in ``_lock_for_signing``. Returns whether a signature was added (None when
    the row changed since: the caller decides again on the locked row) and whether this
    signature marked a recount queued (then the caller queues it: ``queue_recount``)."""
    quote = connection.ops.quote_name
    content_type = host_content_type(petition)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH petition AS (
                SELECT id FROM {quote(Petition._meta.db_table)}
                WHERE id = %s AND status = %s AND kind = %s
                    AND collection_ends_on IS NOT DISTINCT FROM %s
                FOR KEY SHARE
            ), signature AS (
                INSERT INTO {quote(Signature._meta.db_table)} (petition_id, {SIGNATURE_COLUMNS})
                SELECT petition.id, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s
                FROM petition
                ON CONFLICT DO NOTHING RETURNING id
            ), follow AS (
                {automatic_follow_sql(for_each_row_of="signature")}
            ), recount AS (
                {mark_recount_queued_sql(for_each_row_of="signature")}
            )
            SELECT EXISTS (SELECT 1 FROM petition), EXISTS (SELECT 1 FROM signature),
                EXISTS (SELECT 1 FROM recount)
            """,  # noqa: S608 (table names, not input)
            [
                petition.pk,
                petition.status,
                petition.kind,
                petition.collection_ends_on,
                *_signature_values(user, declaration, show_name, now, marks),
                content_type.pk,
                petition.pk,
                user.pk,
                now,
                recount_key(petition.pk),
                recount_window(),
            ],
        )
        unchanged, created, recount_marked = cursor.fetchone()
    return (created if unchanged else None), recount_marked


def has_signed(user, petition):
    return user.is_authenticated and Signature.objects.filter(petition=petition, user=user).exists()


def withdraw_signature(user, petition):
    """A signatory may withdraw until the petition is filed; after, the dossier is the record."""
    with transaction.atomic():
        status, _ends_on, _kind = _lock_for_signing(petition.pk)
        if status != PetitionStatus.COLLECTING:
            raise ParticipationError(
                _("The petition is no longer collecting: signatures can no longer be withdrawn.")
            )
        deleted, _rows = Signature.objects.filter(petition_id=petition.pk, user=user).delete()
        if deleted:
            transaction.on_commit(lambda: schedule_count_refresh(petition.pk))
    return bool(deleted)


def schedule_count_refresh(petition_id):
    """Queue a recount unless one is already queued: a burst of signatures is counted in a
    few passes, not one per signature."""
    queue_recount(refresh_signature_count, recount_key(petition_id), petition_id)


# --- Filing and the council's side ------------------------------------------------------------


def _next_receipt_number(year):
    prefix = f"{settings.SHARIK_PETITION_RECEIPT_PREFIX}-{year}-"
    last = (
        Petition.objects.filter(receipt_number__startswith=prefix)
        .order_by("-receipt_number")
        .values_list("receipt_number", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"


def file_with_council(mandataire, petition):
    """File the petition with the president of the council: the signatures are frozen, counted
    exactly, and the petition gets its receipt number and date. The dossier is generated from
    this state (petitions/dossier.py)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return _file(mandataire, petition)
        except IntegrityError:  # two petitions filed at once took the same number: take the next
            continue
    raise ParticipationError(_("The petition could not be filed; please try again."))


def _file(mandataire, petition):
    petition = _locked(petition)
    if petition.mandataire_id != mandataire.pk:
        raise ParticipationError(_("Only the mandataire files the petition."))
    petition.signature_count = Signature.objects.filter(petition=petition).count()
    if not petition.may_be_filed:
        raise ParticipationError(
            _("The petition needs %(required)s signatures before it can be filed.")
            % {"required": petition.required_signatures}
        )
    now = timezone.now()
    petition.filed_at = now
    petition.receipt_number = _next_receipt_number(timezone.localdate(now).year)
    move(petition, PetitionStatus.FILED, mandataire)
    audit(mandataire, "petition.file", petition, receipt=petition.receipt_number)
    transaction.on_commit(lambda: build_dossier.enqueue(petition.pk))
    return petition


@transaction.atomic
def declare_admissible(official, petition, committee, session, text=""):
    """The bureau found the conditions met: referred to a committee, on a session's agenda."""
    committee, session = committee.strip(), session.strip()
    if not committee or not session:
        raise ParticipationError(_("Name the committee and the session."))
    petition = _locked(petition)
    petition.committee, petition.session = committee, session
    move(petition, PetitionStatus.ADMISSIBLE, official, text.strip())
    summary = f"{committee} / {session}"
    audit(official, "petition.admissible", petition, summary)
    return petition


@transaction.atomic
def declare_inadmissible(official, petition, reasons, notified_on=None):
    """The bureau found a condition unmet; the mandataire is told the reasons (law.py deadline)."""
    reasons = reasons.strip()
    if not reasons:
        raise ParticipationError(_("Give the reasons: the law requires them."))
    petition = _locked(petition)
    notified_on = notified_on or timezone.localdate()
    if petition.received_on and notified_on < petition.received_on:
        raise ParticipationError(_("The notice cannot precede the filing."))
    petition.inadmissibility_reasons = reasons
    petition.mandataire_notified_on = notified_on
    move(petition, PetitionStatus.INADMISSIBLE, official, reasons)
    audit(official, "petition.inadmissible", petition, reasons)
    return petition


@transaction.atomic
def record_council_decision(
    official, petition, decision, deliberation_reference, decision_text, decided_on=None
):
    """The council deliberated: its decision, the deliberation's reference and text, public."""
    if decision not in CouncilDecision.values:
        raise ParticipationError(_("Choose the council's decision."))
    deliberation_reference, decision_text = deliberation_reference.strip(), decision_text.strip()
    if not deliberation_reference or not decision_text:
        raise ParticipationError(_("Give the deliberation's reference and the decision's text."))
    petition = _locked(petition)
    petition.decision = decision
    petition.deliberation_reference = deliberation_reference
    petition.decision_text = decision_text
    petition.decided_on = decided_on or timezone.localdate()
    move(petition, PetitionStatus.DECIDED, official, decision_text)
    audit(official, "petition.decided", petition, deliberation_reference, decision=decision)
    return petition


def close_ended_collections(today=None):
    """Petitions whose collection ended below the threshold close (``close_petitions``, daily).
    Those that reached it stay open for filing."""
    today = today or timezone.localdate()
    closed = 0
    candidates = Petition.objects.filter(
        status=PetitionStatus.COLLECTING,
        kind=PetitionKind.RESIDENTS,
        collection_ends_on__lt=today,
    )
    for petition in candidates.iterator():
        with transaction.atomic():
            petition = _locked(petition)
            petition.signature_count = Signature.objects.filter(petition=petition).count()
            if petition.status != PetitionStatus.COLLECTING or petition.threshold_reached:
                petition.save(update_fields=["signature_count"])
                continue
            move(petition, PetitionStatus.EXPIRED, None)
            closed += 1
    return closed


# --- Associations ----------------------------------------------------------------------------


@transaction.atomic
def register_organisation(user, organisation):
    """A resident registers an association; it waits for staff to verify its documents."""
    organisation.status = OrganisationStatus.PENDING
    organisation.save()
    organisation.representatives.add(user)
    return organisation


@transaction.atomic
def review_organisation(moderator, organisation, decision, note=""):
    """Staff verify an association against its documents, or say what is missing."""
    if decision not in {OrganisationStatus.VERIFIED, OrganisationStatus.REJECTED}:
        raise ParticipationError(_("Choose a decision."))
    note = note.strip()
    if decision == OrganisationStatus.REJECTED and not note:
        raise ParticipationError(_("Say what is missing or wrong: the association is told."))
    organisation.status = decision
    organisation.review_note = note
    organisation.reviewed_by = moderator
    organisation.reviewed_at = timezone.now()
    organisation.save()
    audit(moderator, f"organisation.{decision}", organisation, note)
    for representative in organisation.representatives.all():
        notify(
            representative,
            NotificationCategory.MODERATION,
            lambda: (
                (
                    _("The commune verified your association “%(name)s”: it can now petition.")
                    if decision == OrganisationStatus.VERIFIED
                    else _("Your association “%(name)s” was not verified: %(note)s")
                )
                % {"name": organisation.name, "note": note}
            ),
            url=reverse("organisations"),
        )
    return organisation


# --- The council (participation/agenda.py) ------------------------------------------------------


def _council_step(petition, text, actor, council=None):
    event = PetitionEvent.objects.create(
        petition=petition, status="", text=text, actor=actor, council=council or {}
    )
    transaction.on_commit(lambda: announce_step.enqueue(petition.pk, event.pk, event.actor_id))
    return event


def on_council_agenda(petition, news, actor):
    """A council session's agenda names the petition: a step of its timeline ("on the agenda
    of the session of …"), told to its signatories and followers."""
    return _council_step(petition, news.item, actor, council=news.record())


@transaction.atomic
def on_council_decision(petition, deliberation, actor):
    """The council decided: an admissible petition takes the deliberation as the council's
    decision (``record_council_decision``, typed once, in the session); another gets the
    decision as a step of its timeline."""
    petition = _locked(petition)
    if petition.status != PetitionStatus.ADMISSIBLE:
        return _council_step(petition, deliberation.text, actor, council=deliberation.record())
    petition.decision = deliberation.outcome
    petition.deliberation_reference = deliberation.reference
    petition.decision_text = deliberation.text
    petition.decided_on = deliberation.day
    event = move(
        petition, PetitionStatus.DECIDED, actor, deliberation.text, council=deliberation.record()
    )
    audit(
        actor, "petition.decided", petition, deliberation.reference, decision=deliberation.outcome
    )
    return event
