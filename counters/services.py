"""The verbs of the counters, one transaction each, each in the audit log with the agent and the
reason the resident is served at a counter.

Signing goes through petitions' own ``sign`` (the same rules as online: who may sign, the
petition collecting, one signature per account and per CIN, decided by the database); the
counter only adds where and by whom.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from counters.models import (
    ActionKind,
    IdentityCheck,
    ResidentContact,
    Visit,
    VisitAction,
)
from counters.rules import counter_of
from participation.counter_acts import ActRefused, counter_acts
from participation.models import (
    EmailFrequency,
    IdentityDeclaration,
    NotificationCategory,
    NotificationPreference,
    User,
)
from participation.services import ParticipationError, audit
from petitions import services as petition_services
from petitions.models import Signature

SEARCH_LIMIT = 20


def _counter(agent):
    counter = counter_of(agent)
    if counter is None or not agent.has_perm("counters.serve_at_counter"):
        raise ParticipationError(_("Only counter agents serve residents at a counter."))
    return counter


def _audit(agent, action, target, visit, **data):
    audit(
        agent,
        action,
        target,
        reason=str(visit.get_reason_display()),
        visit=visit.pk,
        resident=visit.resident_id,
        counter=visit.arrondissement_id,
        **data,
    )


def _record_action(visit, kind, petition=None, slip_filed=False):
    action, _created = VisitAction.objects.get_or_create(
        visit=visit, kind=kind, petition=petition, defaults={"slip_filed": slip_filed}
    )
    return action


# --- Finding a resident ---------------------------------------------------------------------------


def normalise_phone(value):
    return "".join(char for char in str(value or "") if char.isdigit() or char == "+")


def find_residents(email="", phone="", name="", arrondissement=None):
    """Residents matching an exact email or telephone, or a name within an arrondissement (never
    a name alone: the list shows only what finding the right person needs)."""
    residents = User.objects.filter(is_active=True, is_staff=False)
    if email:
        residents = residents.filter(email__iexact=email.strip())
    elif phone:
        residents = residents.filter(counter_contact__phone=normalise_phone(phone))
    elif name and arrondissement is not None:
        name = name.strip()
        residents = residents.filter(
            Q(display_name__icontains=name) | Q(identity__full_name__icontains=name)
        ).filter(Q(arrondissement=arrondissement) | Q(identity__arrondissement=arrondissement))
    else:
        return []
    declared = IdentityDeclaration.objects.filter(user=OuterRef("pk"))
    return list(
        residents.annotate(declared=Exists(declared))
        .select_related("arrondissement")
        .distinct()
        .order_by("display_name", "pk")[:SEARCH_LIMIT]
    )


def mask_email(email):
    """The address as "a•••@example.org": enough for the resident to recognise it, no more."""
    if not email:
        return ""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


# --- The resident's file --------------------------------------------------------------------------


@transaction.atomic
def open_visit(agent, resident, reason):
    """Open the resident's file at the agent's counter; a second click the same day returns the
    file already open."""
    counter = _counter(agent)
    today = timezone.localdate()
    visit = (
        Visit.objects.filter(
            resident=resident, agent=agent, arrondissement=counter, opened_at__date=today
        )
        .order_by("-opened_at")
        .first()
    )
    if visit is not None:
        return visit
    visit = Visit.objects.create(
        resident=resident, agent=agent, arrondissement=counter, reason=reason
    )
    _audit(agent, "counter.file_opened", resident, visit)
    return visit


def create_resident(
    agent, *, display_name, email, phone, arrondissement, language, reason, submission
):
    """An account for a resident who comes to the counter, with or without an email address.

    Without one the account has no password and no email: the resident cannot log in by
    password, is told of news on the site only, and is found again at the counter by name or
    telephone. ``submission`` (the form's one-time key) makes a double submit return the file
    the first one opened."""
    counter = _counter(agent)
    done = Visit.objects.filter(submission=submission).first()
    if done is not None:
        return done
    try:
        with transaction.atomic():
            resident = User(
                email=(email or "").strip().lower() or None,
                display_name=display_name.strip(),
                arrondissement=arrondissement,
                preferred_language=language,
            )
            resident.set_unusable_password()
            resident.save()
            if not resident.email:
                NotificationPreference.objects.bulk_create(
                    NotificationPreference(
                        user=resident, category=category, email_frequency=EmailFrequency.NEVER
                    )
                    for category in NotificationCategory.values
                )
            if phone:
                ResidentContact.objects.create(user=resident, phone=normalise_phone(phone))
            visit = Visit.objects.create(
                resident=resident,
                agent=agent,
                arrondissement=counter,
                reason=reason,
                submission=submission,
            )
            _record_action(visit, ActionKind.ACCOUNT_OPENED)
            _audit(agent, "counter.account_created", resident, visit, has_email=bool(email))
    except IntegrityError as error:
        done = Visit.objects.filter(submission=submission).first()
        if done is not None:  # the same form sent twice at once
            return done
        raise ParticipationError(
            _("An account with this email address exists already: find it instead.")
        ) from error
    return visit


@transaction.atomic
def record_identity_check(agent, visit, document):
    """The agent saw the resident's identity document (never a copy of it). Returns whether this
    call recorded it (a double submit records it once)."""
    counter = _counter(agent)
    if visit.arrondissement_id != counter.pk:
        raise ParticipationError(_("This file was opened at another counter."))
    _check, created = IdentityCheck.objects.get_or_create(
        visit=visit,
        document=document,
        defaults={"resident": visit.resident, "agent": agent, "arrondissement": counter},
    )
    if created:
        _record_action(visit, ActionKind.IDENTITY_SEEN)
        _audit(agent, "counter.identity_seen", visit.resident, visit, document=document)
    return created


def record_declaration(agent, visit, form):
    """Save the identity declaration the agent typed from the card (``form``, a valid
    ``CounterDeclarationForm``: the online form's validation). A CIN already declared on
    another account is refused."""
    counter = _counter(agent)
    if visit.arrondissement_id != counter.pk:
        raise ParticipationError(_("This file was opened at another counter."))
    if not visit.identity_checks.exists():
        raise ParticipationError(_("Record that you saw the national ID card first."))
    try:
        with transaction.atomic():
            form.save()
            _record_action(visit, ActionKind.DECLARATION)
            _audit(agent, "counter.declaration_recorded", visit.resident, visit)
    except IntegrityError as error:  # the same CIN declared at the same instant elsewhere
        raise ParticipationError(cin_taken_message()) from error


def cin_taken_message():
    return _(
        "This national ID number is already declared on another account (perhaps one the "
        "resident opened online): one person signs once. Find that account instead."
    )


def sign_for_resident(agent, visit, petition, *, slip_filed):
    """Sign ``petition`` for the visit's resident, who signed the printed slip the agent files.
    Returns whether this call added the signature (a double submit adds nothing)."""
    counter = _counter(agent)
    if visit.arrondissement_id != counter.pk:
        raise ParticipationError(_("This file was opened at another counter."))
    if not visit.identity_checks.exists():
        raise ParticipationError(_("Record that you saw the national ID card first."))
    if not slip_filed:
        raise ParticipationError(
            _("Confirm that the resident signed the printed slip and that you filed it.")
        )
    resident = visit.resident
    with transaction.atomic():
        created = petition_services.sign(resident, petition, at_counter=counter, recorded_by=agent)
        already_signed = (
            not created and Signature.objects.filter(petition=petition, user=resident).exists()
        )
        if created or already_signed:
            _record_action(visit, ActionKind.PETITION_SIGNED, petition, slip_filed=True)
        if created:
            _audit(agent, "counter.petition_signed", petition, visit, slip_filed=True)
    if created or already_signed:
        return created
    # Refused by the unique constraint on the CIN's digest: another signature carries it. The
    # refusal is logged too: nothing tried at a counter escapes the audit log.
    _audit(agent, "counter.signature_refused", petition, visit, cause="national_id_signed")
    raise ParticipationError(
        _(
            "This national ID number has already signed this petition (online or at a counter): "
            "one person signs once. Nothing was recorded."
        )
    )


def declaration_of(resident):
    return IdentityDeclaration.objects.filter(user=resident).first()


# --- The acts the features register (participation/counter_acts.py) ----------------------------


def perform_act(agent, visit, act, subject, form, submission=None):
    """Do ``act`` for the visit's resident (``subject``: what it is done on, or None; ``form``:
    the act's valid form). The feature's service applies the site's rules, the card seen during
    the visit standing for the confirmed email address asked online.

    Returns ``(action, changed)``: the visit's action and whether this call recorded something.
    ``submission``, the form's one-time key, makes a second sending of the same form return the
    action the first one recorded. A refusal is logged too (``counter.<kind>_refused``) and
    raised as ``ParticipationError``: nothing tried at a counter escapes the audit log."""
    counter = _counter(agent)
    if visit.arrondissement_id != counter.pk:
        raise ParticipationError(_("This file was opened at another counter."))
    if not visit.identity_checks.exists():
        raise ParticipationError(_("Record that you saw the national ID card first."))
    if submission is not None:
        done = VisitAction.objects.filter(visit=visit, submission=submission).first()
        if done is not None:
            return done, False
    subject_data = {"subject": subject.pk} if subject is not None else {}
    try:
        with transaction.atomic():
            record, changed = act.perform(agent, visit.resident, counter, subject, form)
            action, _created = VisitAction.objects.get_or_create(
                visit=visit,
                kind=act.kind,
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
                defaults={"submission": submission},
            )
            if changed:
                _audit(agent, f"counter.{act.kind}", record, visit, **subject_data)
    except ActRefused as refusal:
        _audit(
            agent,
            f"counter.{act.kind}_refused",
            subject if subject is not None else visit.resident,
            visit,
            cause=refusal.cause,
            **subject_data,
        )
        raise ParticipationError(refusal.message) from refusal
    except IntegrityError:  # the same form sent twice at once: the first one recorded it
        done = VisitAction.objects.filter(visit=visit, submission=submission).first()
        if submission is None or done is None:
            raise
        return done, False
    return action, changed


def describe_actions(actions):
    """``actions`` (a visit's) as ``(action, label, detail)``: each act described by its feature
    (a title, never an answer), the records of each kind read in one query."""
    acts = counter_acts()
    records = {}
    for kind in {action.kind for action in actions if action.object_id is not None}:
        act = acts.get(kind)
        if act is None:
            continue
        ids = [action.object_id for action in actions if action.kind == kind]
        records[kind] = act.records().in_bulk(ids)
    described = []
    for action in actions:
        detail = ""
        if action.petition_id is not None:
            detail = action.petition.title
        elif action.kind in records and action.object_id in records[action.kind]:
            detail = acts[action.kind].describe(records[action.kind][action.object_id])
        described.append((action, action.label, detail))
    return described


def counts_this_month(counter):
    """What was done at ``counter`` since the first of the month, per kind (one grouped query):
    ``[(label, count)]``, every kind listed, the counters' own first."""
    start = timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    counts = dict(
        VisitAction.objects.filter(visit__arrondissement=counter, created_at__gte=start)
        .values_list("kind")
        .annotate(count=Count("pk"))
        .order_by()
    )
    kinds = [(kind.value, kind.label) for kind in ActionKind]
    kinds += [(act.kind, act.done_label) for act in counter_acts().values()]
    return [(label, counts.get(kind, 0)) for kind, label in kinds]
