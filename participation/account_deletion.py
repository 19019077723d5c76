""" "Delete my account" (law 09-08, rights of erasure and opposition): what goes at once, what the
public record keeps without the person, and what the law keeps for a while.

**How an account is deleted.** The account's row is deleted. What the public record and the
commune's counts need stays, pointed at a *stand-in*: a new, blank, inactive account (no email,
no name, no password, ``deleted_at`` set) made for this one deletion, shown as "deleted resident"
wherever an author's name appears (``User.public_name``). So a thread keeps its comments and
replies, a proposal keeps its supports and its count, a ballot still counts, and every unique
constraint (one support per account and proposal…) still holds, since each deleted account has
its own stand-in; yet nothing is left under the resident's id, and the stand-in's id says nothing
of it. Setting authors to null instead would have meant a migration in every feature and
templates that test for a missing author; blanking the resident's own row in place would have
kept their id on every row.

**Every relation to the user model has a policy** (found by introspection, as for "Download my
data": ``participation.data_export.user_relations()``), and
``tests/participation/test_account_deletion.py`` fails for a relation that has none:

- ``Erase``: the rows go with the account (notifications, follows, the identity declaration,
  log-in codes, exports and their files…);
- ``Anonymise``: the rows stay, pointed at the stand-in, with the fields that copy the person's
  identity (``blank``) emptied: a comment, a proposal, a support, a staff act;
- ``Retained``: the feature decides (``handle``) and purges what it kept once the legal period is
  over (``purge``, run daily by ``manage.py purge_retained_data``). The signatures on a petition
  filed with the council are the case in point (petitions/retention.py).

The core imports no feature: the policies below name models by their label, and a feature
declares or overrides its own under the Wagtail hook ``ACCOUNT_DELETION_HOOK``.

**Sessions** of the account on every device are ended; **the audit log** keeps its entries (it
is the commune's proof of who did what): those the resident wrote, or that are about their
account, now name the stand-in, and the deletion itself is written as ``account.deleted``, on the
stand-in, with the number of rows kept per model and nothing about the person.

Members of staff (and accounts holding a role) cannot delete their own account: an administrator
removes their access first (``AccountDeletionRefused``).
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from participation.data_export import RelationPolicies, user_relations
from participation.models import Notification
from participation.services import audit

ACCOUNT_DELETION_HOOK = "sharik_account_deletion"


class AccountDeletionRefused(Exception):
    """The account may not be deleted by its holder (a member of staff): the message says why."""


@dataclass(frozen=True)
class Erase:
    """The rows go with the account; their private files too. ``"app_label.*"`` covers an app."""

    relation: str
    reason: str

    def apply(self, user, stand_in, model, field):
        if field.many_to_many:
            through = field.remote_field.through
            through._base_manager.filter(**{field.m2m_reverse_field_name(): user}).delete()
            return 0
        rows = model._base_manager.filter(**{field.name: user})
        delete_files_on_commit(rows)
        rows.delete()
        return 0


@dataclass(frozen=True)
class Anonymise:
    """The rows stay, pointed at the stand-in; ``blank`` names the fields that copy the person's
    identity on the row (a name, an encrypted CIN, an address), emptied."""

    relation: str
    reason: str
    blank: tuple = ()

    def apply(self, user, stand_in, model, field):
        if field.many_to_many:
            raise ImproperlyConfigured(f"{self.relation}: a many-to-many relation is erased.")
        values = {field.name: stand_in}
        for name in self.blank:
            blanked = model._meta.get_field(name)
            values[name] = None if blanked.null else ""
        return model._base_manager.filter(**{field.name: user}).update(**values)


@dataclass(frozen=True)
class Retained:
    """The feature decides what the law keeps: ``handle(user, stand_in, model, field)`` erases
    or anonymises what is not kept, keeps the rest and returns how many rows it kept;
    ``purge(now)`` purges what was kept once its period is over and returns how many rows."""

    relation: str
    reason: str
    handle: Callable
    purge: Callable

    def apply(self, user, stand_in, model, field):
        return self.handle(user, stand_in, model, field) or 0


STAFF_ACT = (
    "names the member of staff who acted: staff work, kept in the commune's records; a member "
    "of staff cannot delete their account, so it is a former role's act, shown as a deleted "
    "account"
)
PUBLIC_RECORD = (
    "part of a public discussion or count others took part in: kept, shown as by a deleted "
    "resident, so threads, counts and thresholds stay true"
)

# Every relation to the user model, as the apps stand. A feature may declare its own under
# ACCOUNT_DELETION_HOOK, which takes precedence over the entry here.
POLICIES = [
    # The core.
    Anonymise("participation.Comment.author", PUBLIC_RECORD),
    Anonymise("participation.Comment.hidden_by", STAFF_ACT),
    Erase("participation.Follow.user", "the resident's own subscriptions to news"),
    Anonymise("participation.Support.user", PUBLIC_RECORD),
    Erase("participation.Notification.recipient", "messages to the resident alone"),
    Erase("participation.NotificationPreference.user", "the resident's own settings"),
    Anonymise(
        "participation.Report.reporter",
        "the moderators' record of a report and what was decided: kept without the reporter",
    ),
    Anonymise("participation.Report.resolved_by", STAFF_ACT),
    Anonymise(
        "participation.AuditLogEntry.actor",
        "the audit log is the commune's proof of who did what and is never deleted: the "
        "resident's entries (a petition filed as mandataire, an export requested) name the "
        "stand-in instead",
    ),
    Erase(
        "participation.IdentityDeclaration.user",
        "name, CIN and address declared to sign petitions: erased at once (each signature "
        "keeps its own copy, under the petitions' retention rule)",
    ),
    Erase("participation.LoginCode.user", "ways into the account"),
    Anonymise("participation.LoginCode.created_by", STAFF_ACT),
    Erase("participation.DataExport.user", "the resident's copies of their data, with the files"),
    Erase("participation.Consent.user", "the resident's choices about optional uses"),
    Erase("account.EmailAddress.user", "the email addresses of the account"),
    # Proposals.
    Anonymise("proposals.Proposal.author", PUBLIC_RECORD),
    Anonymise("proposals.Proposal.recorded_by", STAFF_ACT),
    Anonymise("proposals.Support.user", PUBLIC_RECORD),
    Anonymise("proposals.Support.recorded_by", STAFF_ACT),
    Anonymise("proposals.ProposalEvent.actor", "a step of a proposal's public timeline"),
    # Petitions (the signatures: petitions/retention.py, under the hook).
    Erase(
        "petitions.Organisation.representatives",
        "the resident no longer represents the association: the commune verifies the next one",
    ),
    Anonymise("petitions.Organisation.reviewed_by", STAFF_ACT),
    Anonymise(
        "petitions.Petition.mandataire",
        "a petition is the petitioners' and the council's record: it stays, its mandataire "
        "shown as a deleted resident",
    ),
    Anonymise("petitions.Signature.recorded_by", STAFF_ACT),
    Anonymise("petitions.PetitionEvent.actor", "a step of a petition's public timeline"),
    # Information requests (law 31-13): the request and its answer stay in the commune's
    # register; the requester's name, CIN and address, copied on the request, go.
    Anonymise(
        "information.InformationRequest.requester",
        "the request and its answer are the commune's register (law 31-13); who asked is erased",
        blank=("requester_name", "cin_encrypted", "requester_address"),
    ),
    Anonymise("information.RequestEvent.actor", "a step of a request's timeline"),
    Erase("information.Department.members", "a staff role"),
    # Events: a place booked for the resident is freed.
    Erase("events.Registration.user", "the resident's own bookings, cancelled with the account"),
    # Participatory budgets.
    Anonymise("budgets.BudgetProject.author", PUBLIC_RECORD),
    Anonymise("budgets.BudgetProject.reviewed_by", STAFF_ACT),
    Anonymise("budgets.Ballot.voter", "a vote counted in the published results"),
    Anonymise(
        "budgets.BallotVersion.cast_by",
        "the agent who cast a ballot for a resident at a counter: " + STAFF_ACT,
    ),
    # Counters.
    Erase("counters.CounterAgent.user", "a staff role"),
    Erase("counters.ResidentContact.user", "the resident's telephone number"),
    Anonymise(
        "counters.Visit.resident",
        "the counters' record of visits and what was done (the commune's activity figures)",
    ),
    Anonymise("counters.Visit.agent", STAFF_ACT),
    Erase("counters.IdentityCheck.resident", "which identity document of the resident was seen"),
    Anonymise("counters.IdentityCheck.agent", STAFF_ACT),
    # Procedures.
    Anonymise("procedures.ProcedureFeedback.user", "counted in a procedure page's figures"),
    Anonymise("procedures.DigitalisationVote.user", "counted in the published ranking"),
    # Invest in Salé.
    Erase("invest.InvestmentTopic.staff", "a staff role"),
    Anonymise("invest.InvestorMessage.answered_by", STAFF_ACT),
    # Consultations: answers count in the published results.
    Anonymise("consultations.Response.participant", "counted in the consultation's results"),
    Anonymise("consultations.Response.recorded_by", STAFF_ACT),
    # The action plan.
    Anonymise("plan.ProjectUpdate.author", STAFF_ACT),
    Anonymise("plan.ProjectEvaluation.resident", "counted in the project's evaluation"),
    Anonymise("plan.ProjectEvaluation.recorded_by", STAFF_ACT),
    # The staff's own dashboard settings (sharik/).
    Erase("sharik.StaffDigestPreference.user", "a member of staff's own email settings"),
    # The commune's announcements (announcements/, which asks the resident's consent).
    Anonymise("announcements.Announcement.created_by", STAFF_ACT),
    Anonymise("announcements.Announcement.sent_by", STAFF_ACT),
    Erase(
        "announcements.Delivery.recipient",
        "the record that an announcement was emailed to the resident: theirs alone",
    ),
    # Wagtail's admin: a resident has none of it, but a former editor may.
    Anonymise("wagtailcore.*", STAFF_ACT),
    Anonymise("wagtailimages.*", STAFF_ACT),
    Anonymise("wagtaildocs.*", STAFF_ACT),
    Erase("wagtailcore.Comment.user", "an editor's note on a page draft"),
    Erase("wagtailcore.CommentReply.user", "an editor's note on a page draft"),
    Erase("wagtailcore.PageSubscription.user", "an editor's own subscriptions"),
    Erase("wagtailcore.APIToken.user", "an editor's way into the API"),
    Erase("wagtailadmin.*", "an editor's own admin state"),
    Erase("wagtailusers.*", "an editor's own admin preferences"),
]


DELETION_POLICIES = RelationPolicies(POLICIES, ACCOUNT_DELETION_HOOK)
policies = DELETION_POLICIES.all
policy_for = DELETION_POLICIES.policy_for
unaccounted_relations = DELETION_POLICIES.unaccounted


# --- Deleting -----------------------------------------------------------------------------------


def refusal(user):
    """Why ``user`` may not delete their own account, or None."""
    if user.is_staff or user.is_superuser or user.groups.exists():
        return _(
            "This account has a role at the commune (staff, moderator, agent…). An administrator "
            "must remove that role before the account can be deleted: please ask them."
        )
    return None


def delete_files_on_commit(rows):
    """Delete the files of ``rows``' file fields once the transaction commits (a rollback keeps
    them)."""
    file_fields = [f for f in rows.model._meta.concrete_fields if isinstance(f, models.FileField)]
    for file_field in file_fields:
        names = [name for name in rows.values_list(file_field.attname, flat=True) if name]
        storage = file_field.storage
        for name in names:
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))


def end_sessions(user_id):
    """End every session of the account, on every device: the database rows and their cached
    copies. Sessions hold only an id, so each live one is read (an account is deleted rarely;
    sessions last two weeks)."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    wanted = str(user_id)
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = store_class().decode(session.session_data)
        if str(data.get("_auth_user_id")) == wanted:
            ended.append(session.session_key)
    for key in ended:
        store_class(session_key=key).delete()
    return len(ended)


def make_stand_in(user_model, now):
    """A blank, inactive account that keeps the deleted resident's place on the public record."""
    stand_in = user_model(
        email=None,
        display_name="",
        is_active=False,
        deleted_at=now,
        date_joined=now,
        preferred_language=settings.LANGUAGE_CODE,
    )
    stand_in.set_unusable_password()
    stand_in.save()
    return stand_in


def _generic_references(user, stand_in):
    """Rows that point at the account through a generic relation (the audit log's entries about
    it, above all) now point at the stand-in. For the audit log it is the one change it allows:
    the law's erasure of a person, through the plain base manager."""
    user_type = ContentType.objects.get_for_model(type(user))
    for model in apps.get_models():
        for field in model._meta.private_fields:
            if not isinstance(field, GenericForeignKey):
                continue
            rows = model._base_manager.filter(
                **{f"{field.ct_field}_id": user_type.pk, field.fk_field: user.pk}
            )
            rows.update(**{field.fk_field: stand_in.pk})


def _unname_in_notifications(account):
    """Other residents' notifications that name the resident ("Salma replied to your comment")
    say "deleted resident" instead, in each recipient's language. A name shorter than three
    letters is left, as it would change other words."""
    name = account.display_name
    if len(name) < 3:
        return
    named = Notification.objects.filter(message__contains=name).select_related("recipient")
    for notification in named:
        with translation.override(notification.recipient.preferred_language):
            replacement = str(account.__class__(deleted_at=timezone.now()).public_name)
        message = notification.message.replace(name, replacement)[:500]
        Notification.objects.filter(pk=notification.pk).update(message=message)


def delete_account(user):
    """Delete ``user``'s account as the policies say, in one transaction. Idempotent: an account
    already deleted (a second click, a second tab) returns None. Refused for staff
    (``AccountDeletionRefused``). Returns the stand-in."""
    user_model = get_user_model()
    known = policies()
    missing = [label for label, _m, _f in user_relations() if policy_for(label, known) is None]
    if missing:  # the test catches it first; never delete half an account
        raise ImproperlyConfigured(f"No account deletion policy for {', '.join(missing)}.")
    with transaction.atomic():
        account = user_model._base_manager.select_for_update().filter(pk=user.pk).first()
        if account is None or account.deleted_at is not None:
            return None
        if message := refusal(account):
            raise AccountDeletionRefused(message)
        now = timezone.now()
        stand_in = make_stand_in(user_model, now)
        kept = {}
        for label, model, field in user_relations():
            count = policy_for(label, known).apply(account, stand_in, model, field)
            if count:
                kept[label] = kept.get(label, 0) + count
        _generic_references(account, stand_in)
        _unname_in_notifications(account)
        account_id = account.pk
        user_model._base_manager.filter(pk=account_id).delete()
        audit(None, "account.deleted", stand_in, kept=kept)
        transaction.on_commit(lambda: end_sessions(account_id))
    return stand_in


# --- Purging what the law kept -------------------------------------------------------------------


def purge_retained(now=None):
    """Purge what each ``Retained`` policy kept once its period is over: ``{relation: rows}``."""
    now = now or timezone.now()
    purged = {}
    for policy in policies().values():
        if isinstance(policy, Retained):
            with transaction.atomic():
                purged[policy.relation] = policy.purge(now) or 0
    return purged


def new_purged_marker(max_length=64):
    """A value that stands in a unique column (a CIN's digest) once the person's value is gone:
    random, so it matches no one and nothing else."""
    return ("purged-" + secrets.token_hex(32))[:max_length]
