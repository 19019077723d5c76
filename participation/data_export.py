""" "Download my data" (law 09-08, right of access): everything Sharik holds about a resident, as
JSON and as a readable page in their language, packed in one zip.

What is exported is found by introspection, so that a new model cannot be forgotten: every
relation from any model to the user model (a foreign key, one-to-one or many-to-many field,
``user_relations()``) must have a policy, either ``Exported`` (how its rows are read) or
``Excluded`` (with the reason), and ``tests/participation/test_data_export.py`` fails for a
relation that has neither.

The core imports no feature: policies name models by their label (a string, as models name
models of higher apps), and a feature may declare or override its own under the Wagtail hook
``DATA_EXPORT_HOOK``::

    @hooks.register(DATA_EXPORT_HOOK)
    def data_export_policies():
        return [Exported("budgets.Ballot.voter", omit=("token",))]

Rows are read one query per relation (plus one per ``children`` relation), whatever their
number. Whatever the policy, a row never carries a digest, a token or a password, nor the
identity of another account (the agent who recorded a counter act, the moderator who hid a
comment): only its own fields, and the CIN decrypted for the resident's eyes alone.
"""

import datetime
import io
import json
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.defaultfilters import yesno
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from participation.models import AuditLogEntry, DataExport
from participation.national_id import decrypt_cin
from participation.text import listed

DATA_EXPORT_HOOK = "sharik_data_export"

CIN_LABEL = _("national ID card number (CIN)")

# The version of the JSON's shape, for those who read it with a program.
EXPORT_FORMAT_VERSION = 1


@dataclass(frozen=True)
class Exported:
    """A relation (``"app_label.Model.field"``) whose rows are the resident's and are exported.

    - ``omit``: fields never exported (staff notes, technical keys), beyond the generic rule
      (digests, tokens, passwords, other accounts);
    - ``national_ids``: fields holding an encrypted CIN, exported decrypted (``cin``): the
      export is the resident's own;
    - ``children``: reverse relations read with each row (a questionnaire response's answers),
      prefetched; a path with ``__`` prefetches a relation of the children as well.
    """

    relation: str
    omit: tuple = ()
    national_ids: tuple = ()
    children: tuple = ()


@dataclass(frozen=True)
class Excluded:
    """A relation that is not exported, and why. ``"app_label.*"`` covers a whole app."""

    relation: str
    reason: str


STAFF_ACT = (
    "names the member of staff who acted (moderated, reviewed, recorded at a counter): staff "
    "work, kept in the commune's records; the resident's own row is exported under its own "
    "relation"
)
STAFF_ROLE = "a staff role (membership, assignment), not something a resident holds or did"
WAGTAIL_ADMIN = (
    "the page editor's own records (page owners, revisions, locks, admin settings): staff "
    "work in the admin, never a resident's contribution"
)

# Every relation to the user model, as the apps stand. A feature may declare its own under
# DATA_EXPORT_HOOK, which takes precedence over the entry here.
POLICIES = [
    # The core.
    Exported("participation.Comment.author", omit=("submission",)),
    Excluded("participation.Comment.hidden_by", STAFF_ACT),
    Exported("participation.Follow.user"),
    Exported("participation.Support.user"),
    Exported("participation.Notification.recipient", omit=("key",)),
    Exported("participation.NotificationPreference.user"),
    Exported("participation.Report.reporter", omit=("resolution_note",)),
    Excluded("participation.Report.resolved_by", STAFF_ACT),
    Excluded(
        "participation.AuditLogEntry.actor",
        "what a member of staff did in their duties; the entries about the resident's own "
        "account and exports are exported (action and date, without staff notes) by "
        "audit_entries_about()",
    ),
    Exported("participation.IdentityDeclaration.user", national_ids=("cin_encrypted",)),
    # The dates of log-in codes printed for them; never the code's hash.
    Exported("participation.LoginCode.user"),
    Excluded("participation.LoginCode.created_by", STAFF_ACT),
    Exported("participation.DataExport.user", omit=("file",)),
    # Every consent given and withdrawn, with the version of the text (participation/consents.py).
    Exported("participation.Consent.user"),
    Exported("account.EmailAddress.user"),
    # Proposals.
    Exported("proposals.Proposal.author"),
    Excluded("proposals.Proposal.recorded_by", STAFF_ACT),
    Exported("proposals.Support.user"),
    Excluded("proposals.Support.recorded_by", STAFF_ACT),
    Exported("proposals.ProposalEvent.actor"),
    # Petitions.
    Exported("petitions.Organisation.representatives", omit=("review_note",)),
    Excluded("petitions.Organisation.reviewed_by", STAFF_ACT),
    Exported("petitions.Petition.mandataire"),
    Exported("petitions.Signature.user", national_ids=("cin_encrypted",)),
    Excluded("petitions.Signature.recorded_by", STAFF_ACT),
    Exported("petitions.PetitionEvent.actor"),
    # Information requests (law 31-13).
    Exported(
        "information.InformationRequest.requester",
        national_ids=("cin_encrypted",),
        omit=("submission",),
    ),
    Exported("information.RequestEvent.actor"),
    Excluded("information.Department.members", STAFF_ROLE),
    # Events.
    Exported("events.Registration.user"),
    # Participatory budgets.
    Exported("budgets.BudgetProject.author", omit=("submission",)),
    Excluded("budgets.BudgetProject.reviewed_by", STAFF_ACT),
    Exported("budgets.Ballot.voter", children=("versions", "versions__projects")),
    Excluded(
        "budgets.BallotVersion.cast_by",
        "each version of the resident's ballot is exported with the ballot; this names who "
        "cast it (the resident, or the agent at a counter)",
    ),
    # Counters: the visits and identity checks done for the resident.
    Excluded("counters.CounterAgent.user", STAFF_ROLE),
    Exported("counters.ResidentContact.user"),
    Exported("counters.Visit.resident", omit=("submission",), children=("actions",)),
    Excluded("counters.Visit.agent", STAFF_ACT),
    Exported("counters.IdentityCheck.resident"),
    Excluded("counters.IdentityCheck.agent", STAFF_ACT),
    # Procedures.
    Exported("procedures.ProcedureFeedback.user", omit=("submission",)),
    Exported("procedures.DigitalisationVote.user"),
    # Invest in Salé: investors write without an account.
    Excluded("invest.InvestmentTopic.staff", STAFF_ROLE),
    Excluded("invest.InvestorMessage.answered_by", STAFF_ACT),
    # Consultations: the responses with their answers.
    Exported("consultations.Response.participant", children=("answers",)),
    Excluded("consultations.Response.recorded_by", STAFF_ACT),
    # The action plan.
    Excluded("plan.ProjectUpdate.author", "an update the commune publishes, written by staff"),
    Exported("plan.ProjectEvaluation.resident"),
    Excluded("plan.ProjectEvaluation.recorded_by", STAFF_ACT),
    # Wagtail's admin.
    Excluded("wagtailcore.*", WAGTAIL_ADMIN),
    Excluded("wagtailadmin.*", WAGTAIL_ADMIN),
    Excluded("wagtailimages.*", WAGTAIL_ADMIN),
    Excluded("wagtaildocs.*", WAGTAIL_ADMIN),
    Excluded("wagtailusers.*", WAGTAIL_ADMIN),
]

# The account's own fields never exported.
PROFILE_OMIT = {"password"}


def _is_secret(name):
    """Digests, tokens and passwords are never exported, whatever the policy."""
    return name == "password" or name.endswith(("digest", "token", "_encrypted"))


def user_relations():
    """``(label, model, field)`` of every field of every model that points at the user model,
    declared on that model (a page type's ``owner`` is Wagtail's ``Page.owner``)."""
    user_model = get_user_model()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and field.related_model is user_model
                and field.model is model
            ):
                yield f"{model._meta.label}.{field.name}", model, field


class RelationPolicies:
    """What one purpose (the copy of one's data, the deletion of one's account) does with each
    relation to the user model: the core's policies, then the features' under ``hook``, which take
    precedence; ``"<app>.*"`` covers an app's relations not named one by one. A policy has a
    ``relation`` label (``"<app>.<Model>.<field>"``)."""

    def __init__(self, core, hook):
        self.core = core
        self.hook = hook

    def all(self):
        """Every policy by relation label."""
        found = {policy.relation: policy for policy in self.core}
        for register in hooks.get_hooks(self.hook):
            found.update((policy.relation, policy) for policy in register())
        return found

    def policy_for(self, label, known=None):
        known = self.all() if known is None else known
        if label in known:
            return known[label]
        return known.get(label.split(".", 1)[0] + ".*")

    def unaccounted(self):
        """Relations to the user model with no policy: what the completeness tests refuse."""
        known = self.all()
        return [
            label
            for label, _model, _field in user_relations()
            if self.policy_for(label, known) is None
        ]


EXPORT_POLICIES = RelationPolicies(POLICIES, DATA_EXPORT_HOOK)
policies = EXPORT_POLICIES.all
policy_for = EXPORT_POLICIES.policy_for
unaccounted_relations = EXPORT_POLICIES.unaccounted


# --- Reading -----------------------------------------------------------------------------------


def _display(value):
    """A value as the readable page shows it, in the active language."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
    return str(value)


def _name_of(obj):
    """What names a related row without reading more rows: its title or name, else its id
    (``str()`` of some models reads their own relations)."""
    for attribute in ("title", "name", "display_name"):
        try:
            obj._meta.get_field(attribute)
        except FieldDoesNotExist:
            continue
        return str(getattr(obj, attribute))
    return f"#{obj.pk}"


def _serialise(obj, *, skip=(), omit=(), national_ids=()):
    """``(data, display)`` of one row: ``data`` for the JSON (plain values, related rows by id
    and name), ``display`` the ``(label, text)`` pairs of the readable page."""
    user_model = get_user_model()
    data, display = {}, []
    for field in obj._meta.concrete_fields:
        name = field.name
        if name in skip or name in omit:
            continue
        label = capfirst(str(field.verbose_name))
        if name in national_ids:
            token = getattr(obj, field.attname)
            value = decrypt_cin(token) if token else ""
            data["cin"] = value
            display.append((capfirst(str(CIN_LABEL)), _display(value)))
            continue
        if _is_secret(name):
            continue
        if field.is_relation:
            if field.related_model is user_model:
                continue  # another account: staff who acted, never exported
            pk = getattr(obj, field.attname)
            if field.related_model is ContentType:
                model = ContentType.objects.get_for_id(pk).model_class() if pk else None
                value = model._meta.label if model else None  # "proposals.Proposal"
                shown = capfirst(str(model._meta.verbose_name)) if model else None
            elif pk is None:
                value = shown = None
            elif field.is_cached(obj):  # read with the row (read_relation's select_related)
                related = getattr(obj, name)
                value = {"id": pk, "name": _name_of(related)}
                shown = value["name"]
            else:
                value = {"id": pk}
                shown = f"#{pk}"
        elif isinstance(field, models.FileField):
            value = field.value_from_object(obj).name or ""
            shown = value
        else:
            value = field.value_from_object(obj)
            shown = value
            if field.choices and value not in (None, ""):
                shown = dict(field.flatchoices).get(value, value)
        data[name] = value
        display.append((label, _display(shown)))
    for field in obj._meta.many_to_many:
        prefetched = getattr(obj, "_prefetched_objects_cache", {})
        if field.name in prefetched and field.related_model is not user_model:
            related = list(prefetched[field.name])
            data[field.name] = [{"id": row.pk, "name": _name_of(row)} for row in related]
            display.append(
                (capfirst(str(field.verbose_name)), listed(_name_of(r) for r in related) or "—")
            )
    return data, display


def _forward_relations(model, skip):
    """Forward foreign keys read with the rows (not to users nor content types), to name them."""
    user_model = get_user_model()
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.related_model not in (user_model, ContentType)
        and field.name not in skip
    ]


def _children(obj, paths):
    out = {}
    for path in paths:
        if "__" in path:
            continue  # a relation of the children, read with them
        rows = list(getattr(obj, path).all())
        remote = getattr(type(obj), path).field.name
        out[path] = [_serialise(child, skip=(remote,)) for child in rows]
    return out


def read_relation(user, model, field, policy):
    """The resident's rows of one relation, one query (plus one per children relation)."""
    rows = model._base_manager.filter(**{field.name: user}).order_by("pk")
    related = _forward_relations(model, skip={field.name, *policy.omit})
    if related:
        rows = rows.select_related(*related)
    if policy.children:
        rows = rows.prefetch_related(*policy.children)
    section = []
    for obj in rows:
        data, display = _serialise(
            obj, skip=(field.name,), omit=policy.omit, national_ids=policy.national_ids
        )
        children = _children(obj, policy.children)
        data.update({name: [child for child, _shown in rows_] for name, rows_ in children.items()})
        section.append(
            {
                "data": data,
                "display": display,
                "children": [
                    (
                        capfirst(
                            str(
                                getattr(type(obj), name).rel.related_model._meta.verbose_name_plural
                            )
                        ),
                        [shown for _child, shown in rows_],
                    )
                    for name, rows_ in children.items()
                ],
            }
        )
    return section


def audit_entries_about(user):
    """Audit entries whose object is the resident's account or one of their exports: what was
    done and when. Not who (a member of staff's name), nor the reason or details, which are
    staff notes; what a moderator decided about a contribution was told to the resident and
    is among their notifications."""
    user_model = get_user_model()
    targets = models.Q(
        content_type=ContentType.objects.get_for_model(user_model), object_id=user.pk
    ) | models.Q(
        content_type=ContentType.objects.get_for_model(DataExport),
        object_id__in=DataExport.objects.filter(user=user).values("pk"),
    )
    entries = AuditLogEntry.objects.filter(targets).order_by("created_at", "pk")
    return [
        {"action": action, "created_at": created_at}
        for action, created_at in entries.values_list("action", "created_at")
    ]


def collect(user):
    """Everything Sharik holds about ``user``, as ``{"json": …, "page": …}``: the JSON's data
    and what the readable page shows."""
    known = policies()
    profile_data, profile_display = _serialise(
        type(user)._base_manager.select_related("arrondissement").get(pk=user.pk),
        omit=PROFILE_OMIT,
    )
    sections_json, sections_page = [], []
    for label, model, field in user_relations():
        policy = policy_for(label, known)
        if not isinstance(policy, Exported):
            continue
        rows = read_relation(user, model, field, policy)
        sections_json.append(
            {
                "model": model._meta.label,
                "via": field.name,
                "rows": [row["data"] for row in rows],
            }
        )
        if rows:
            sections_page.append(
                {"title": capfirst(str(model._meta.verbose_name_plural)), "rows": rows}
            )
    audit = audit_entries_about(user)
    return {
        "json": {
            "format": EXPORT_FORMAT_VERSION,
            "generated_at": timezone.now(),
            "profile": profile_data,
            "sections": sections_json,
            "audit_log": audit,
        },
        "page": {
            "profile": profile_display,
            "sections": sections_page,
            "audit_log": [(entry["action"], _display(entry["created_at"])) for entry in audit],
        },
    }


# --- Packing ------------------------------------------------------------------------------------


def build_archive(user):
    """The zip of ``user``'s data: ``sharik-data.json`` and ``sharik-data.html``, in their
    preferred language."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        collected = collect(user)
        page = render_to_string(
            "participation/data_export/export.html",
            {
                "resident": user,
                "generated_at": _display(collected["json"]["generated_at"]),
                **collected["page"],
            },
        )
    document = json.dumps(collected["json"], cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sharik-data.json", document)
        archive.writestr("sharik-data.html", page)
    return buffer.getvalue()
