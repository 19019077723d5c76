"""Petitions to the communal council (Constitution art. 139, organic law 113-14): drafted with a
conformity check, signed by residents or filed by an association, then examined by the council.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail.search import index

from participation import agenda
from participation.addresses import address
from participation.arabic import SearchableText
from participation.models import (
    Arrondissement,
    TranslatedTerm,
    counter_marks,
    private_storage,
)
from participation.services import ParticipationError
from participation.workflow import (
    TimelineEvent,
    Workflow,
    WorkflowHost,
    WorkflowQuerySet,
    required_reason,
)
from petitions import law

# --- Associations (organic law 113-14, art. 121) -------------------------------------------


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    VERIFIED = "verified", _("Verified by the commune")
    REJECTED = "rejected", _("Not verified")


class Organisation(models.Model):
    """An association a resident registers so it can petition the council (organic law 113-14).

    What the association declares is checked against the law's conditions
    (``law.association_conditions``) and shown; staff verify the documents and decide.
    Only representatives of a verified organisation file association petitions.
    """

    name = models.CharField(_("name of the association"), max_length=200)
    registration_reference = models.CharField(
        _("legal registration"),
        max_length=120,
        help_text=_("Number and date of the final deposit receipt issued by the authorities."),
    )
    created_on = models.DateField(
        _("date of creation"), help_text=_("As on the deposit receipt or the statutes.")
    )
    seat_address = models.CharField(_("address of the seat or branch"), max_length=300)
    seat_in_commune = models.BooleanField(
        _("The seat or a branch of the association is in the commune"), default=False
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    field_of_activity = models.TextField(
        _("field of activity"),
        max_length=1000,
        help_text=_("What the association does, as in its statutes."),
    )
    in_good_standing = models.BooleanField(
        _("The association is in good standing with the laws and regulations in force"),
        default=False,
    )
    democratic_statutes = models.BooleanField(
        _("The association runs according to democratic principles and its statutes"),
        default=False,
    )
    statutes = models.FileField(
        _("statutes"), storage=private_storage, upload_to="organisations/%Y/"
    )
    registration_receipt = models.FileField(
        _("deposit receipt"), storage=private_storage, upload_to="organisations/%Y/"
    )
    seat_proof = models.FileField(
        _("proof of the seat or branch"),
        storage=private_storage,
        upload_to="organisations/%Y/",
        help_text=_("A lease, a property title or a certificate of the premises."),
    )
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("representatives"),
        related_name="organisations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PENDING,
        db_index=True,
    )
    review_note = models.TextField(_("note from the commune"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        permissions = [("verify_organisation", _("Can verify associations"))]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.status == OrganisationStatus.VERIFIED

    def conditions(self, activity_related=True, today=None):
        """The law's conditions for an association, as declared (petitions/law.py)."""
        return law.association_conditions(
            created_on=self.created_on,
            seat_in_commune=self.seat_in_commune,
            in_good_standing=self.in_good_standing,
            democratic_statutes=self.democratic_statutes,
            activity_related=activity_related,
            today=today,
        )

    def meets_conditions(self, activity_related=True, today=None):
        return all(c.met for c in self.conditions(activity_related, today))


class CouncilCompetence(TranslatedTerm):
    """A field within the commune's attributions a petition may ask the council to put on its
    agenda (organic law 113-14). Staff edit the list; "outside the commune's attributions" is a
    reason for inadmissibility the checklist warns about."""

    class Meta(TranslatedTerm.Meta):
        verbose_name = _("council competence")
        verbose_name_plural = _("council competences")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="council_competence_unique_slug_per_locale"
            ),
        ]


class PetitionKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents' petition")
    ASSOCIATION = "association", _("Association's petition")


class PetitionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting pre-review")
    RETURNED = "returned", _("Returned to the mandataire")
    COLLECTING = "collecting", _("Open for signatures")
    EXPIRED = "expired", _("Collection ended below the threshold")
    WITHDRAWN = "withdrawn", _("Withdrawn by the petitioners")
    FILED = "filed", _("Filed with the council")
    ADMISSIBLE = "admissible", _("Admissible: referred to a committee")
    INADMISSIBLE = "inadmissible", _("Inadmissible")
    DECIDED = "decided", _("Decided by the council")


PUBLIC_STATUSES = frozenset(
    {
        PetitionStatus.COLLECTING,
        PetitionStatus.EXPIRED,
        PetitionStatus.WITHDRAWN,
        PetitionStatus.FILED,
        PetitionStatus.ADMISSIBLE,
        PetitionStatus.INADMISSIBLE,
        PetitionStatus.DECIDED,
    }
)
# Filed and after: the dossier exists, signatures are frozen.
FILED_STATUSES = frozenset(
    {
        PetitionStatus.FILED,
        PetitionStatus.ADMISSIBLE,
        PetitionStatus.INADMISSIBLE,
        PetitionStatus.DECIDED,
    }
)
# The state machine: from each status, where and who may take it (services.py does the moves,
# through participation/workflow.py).
TRANSITIONS = {
    PetitionStatus.DRAFT: {PetitionStatus.PENDING: "mandataire"},
    PetitionStatus.PENDING: {
        PetitionStatus.COLLECTING: "moderator",
        PetitionStatus.RETURNED: "moderator",
    },
    PetitionStatus.RETURNED: {PetitionStatus.PENDING: "mandataire"},
    PetitionStatus.COLLECTING: {
        PetitionStatus.RETURNED: "moderator",  # only before the first signature (services.py)
        PetitionStatus.FILED: "mandataire",
        PetitionStatus.WITHDRAWN: "mandataire",
        PetitionStatus.EXPIRED: "system",
    },
    PetitionStatus.EXPIRED: {},
    PetitionStatus.WITHDRAWN: {},
    PetitionStatus.FILED: {
        PetitionStatus.ADMISSIBLE: "official",
        PetitionStatus.INADMISSIBLE: "official",
    },
    PetitionStatus.ADMISSIBLE: {PetitionStatus.DECIDED: "official"},
    PetitionStatus.INADMISSIBLE: {},
    PetitionStatus.DECIDED: {},
}
WORKFLOW = Workflow(
    PetitionStatus,
    TRANSITIONS,
    name="petition",
    refusal=_("A petition cannot go from “%(old)s” to “%(new)s”."),
    returned=PetitionStatus.RETURNED,
)


class CouncilDecision(models.TextChoices):
    ADOPTED = agenda.ADOPTED, agenda.OUTCOME_LABELS[agenda.ADOPTED]
    PARTLY_ADOPTED = agenda.PARTLY_ADOPTED, agenda.OUTCOME_LABELS[agenda.PARTLY_ADOPTED]
    REJECTED = agenda.REJECTED, agenda.OUTCOME_LABELS[agenda.REJECTED]
    POSTPONED = agenda.POSTPONED, agenda.OUTCOME_LABELS[agenda.POSTPONED]


class Petition(SearchableText, index.Indexed, WorkflowHost, models.Model):
    kind = models.CharField(
        _("who petitions"), max_length=20, choices=PetitionKind.choices, default="residents"
    )
    title = models.CharField(_("title"), max_length=160)
    question = models.TextField(
        _("the question asked of the council"),
        max_length=1500,
        help_text=_(
            "What you ask the council to put on its agenda, in one or two sentences, "
            "e.g. “Install public lighting on Avenue X between Y and Z”."
        ),
    )
    reasons = models.TextField(
        _("reasons"),
        max_length=8000,
        help_text=_("Why it matters, for whom, and what the council can do about it."),
    )
    competence = models.ForeignKey(
        CouncilCompetence,
        verbose_name=_("council competence"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The attribution of the commune the question falls under."),
    )
    arrondissements = models.ManyToManyField(
        Arrondissement, verbose_name=_("arrondissements concerned"), related_name="+"
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        blank=True,
        help_text=_("Keywords separated by commas, e.g. lighting, school, market."),
    )
    mandataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mandataire"),
        on_delete=models.PROTECT,
        related_name="petitions",
        help_text=_("The petitioners' representative: files the petition and receives notices."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    activity_related = models.BooleanField(
        _("The subject is related to the association's activity"), default=False
    )
    filing_decision = models.FileField(
        _("decision of the association's competent body to petition"),
        storage=private_storage,
        upload_to="petitions/%Y/",
        blank=True,
    )
    respects_constants = models.BooleanField(
        _(
            "The petition does not touch the constants of the Nation (Islam, national unity, "
            "constitutional monarchy, democratic choice)"
        ),
        default=False,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PetitionStatus.choices,
        default=PetitionStatus.DRAFT,
        db_index=True,
    )
    signature_threshold = models.PositiveIntegerField(
        _("signatures required"),
        default=0,
        help_text=_("Fixed at publication from the commune's class (organic law 113-14)."),
    )
    collection_ends_on = models.DateField(_("signatures collected until"), null=True, blank=True)
    signature_count = models.PositiveIntegerField(_("signatures"), default=0, db_index=True)
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    # Filing with the president of the council.
    receipt_number = models.CharField(
        _("receipt number"), max_length=40, unique=True, null=True, blank=True
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    # The official dossier as filed (petitions/dossier.py), built once in the background: a PDF of
    # 10,000 signatories takes tens of seconds, too long for a download request.
    dossier_file = models.FileField(
        storage=private_storage, upload_to="dossiers/%Y/", blank=True, editable=False
    )
    # The bureau's examination.
    committee = models.CharField(_("competent committee"), max_length=200, blank=True)
    session = models.CharField(_("council session"), max_length=200, blank=True)
    inadmissibility_reasons = models.TextField(_("reasons for inadmissibility"), blank=True)
    mandataire_notified_on = models.DateField(_("mandataire notified on"), null=True, blank=True)
    # The council's decision.
    decision = models.CharField(
        _("council decision"), max_length=20, choices=CouncilDecision.choices, blank=True
    )
    deliberation_reference = models.CharField(
        _("deliberation reference"), max_length=120, blank=True
    )
    decision_text = models.TextField(_("text of the decision"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WorkflowQuerySet.as_manager()
    workflow = WORKFLOW
    public_statuses = PUBLIC_STATUSES
    owner_field = "mandataire"
    # The site search (sitesearch/), as for proposals.
    searchable_fields = ("title", "question", "reasons")
    search_fields = [
        index.SearchField("title"),
        index.SearchField("search_text"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-signature_count"]),
            models.Index(fields=["status", "collection_ends_on"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("petitions:detail", self.pk)  # reversed once per language

    # --- WorkflowHost ------------------------------------------------------------------------
    def return_to_mandataire(self, moderator, reason):
        """Pre-review refuses publication for now; the mandataire sees why, corrects, resubmits.
        Refused once residents have signed. Run inside a transaction
        (``services.return_to_mandataire`` opens one): the row is locked against signatures in
        flight."""
        reason = required_reason(reason, _("Give the reason: the mandataire will be told."))
        petition = type(self).objects.select_for_update().get(pk=self.pk)
        if petition.status == PetitionStatus.COLLECTING and petition.signature_count:
            raise ParticipationError(
                _("Residents have signed this petition: it can no longer be returned.")
            )
        return WORKFLOW.return_with_reason(
            moderator,
            petition,
            reason,
            lambda: (
                _(
                    "Your petition “%(title)s” was returned. Reason: %(reason)s. Correct it and "
                    "submit it again."
                )
                % {"title": petition.title, "reason": reason}
            ),
        )

    def hide_after_report(self, moderator, reason):
        if self.status in {PetitionStatus.PENDING, PetitionStatus.COLLECTING}:
            self.return_to_mandataire(moderator, reason)

    # --- The law, applied to this petition ---------------------------------------------------
    @property
    def is_filed(self):
        return self.status in FILED_STATUSES

    @property
    def needs_signatures(self):
        return self.kind == PetitionKind.RESIDENTS

    @property
    def required_signatures(self):
        """The threshold fixed at publication, or today's for a draft."""
        if not self.needs_signatures:
            return 0
        return self.signature_threshold or law.residents_signature_threshold()

    @property
    def threshold_reached(self):
        return self.signature_count >= self.required_signatures

    @property
    def threshold_progress(self):
        required = self.required_signatures
        return min(100, round(100 * self.signature_count / required)) if required else 100

    def collection_is_open(self, today=None):
        """Signatures are accepted while collecting and until the end date, inclusive."""
        today = today or timezone.localdate()
        return (
            self.status == PetitionStatus.COLLECTING
            and self.needs_signatures
            and (self.collection_ends_on is None or today <= self.collection_ends_on)
        )

    @property
    def days_left(self):
        if self.collection_ends_on is None:
            return None
        return max((self.collection_ends_on - timezone.localdate()).days, 0)

    @property
    def may_be_filed(self):
        """The mandataire may file once the threshold is reached (residents), or once published
        (associations), until the petition is filed or closed."""
        return self.status == PetitionStatus.COLLECTING and (
            not self.needs_signatures or self.threshold_reached
        )

    @property
    def received_on(self):
        return timezone.localdate(self.filed_at) if self.filed_at else None

    @property
    def notice_deadline(self):
        """The last day to tell the mandataire a petition is inadmissible (law.py)."""
        return law.inadmissibility_notice_deadline(self.received_on) if self.filed_at else None

    @property
    def notice_overdue(self):
        return (
            self.status == PetitionStatus.FILED
            and self.notice_deadline is not None
            and timezone.localdate() > self.notice_deadline
        )

    def conformity_checklist(self, today=None):
        """The legal conditions this petition meets or not, with plain explanations, shown to the
        petitioner before publication and to staff at pre-review. The bureau decides."""
        return law.petition_checklist(self, today=today)

    def unmet_conditions(self):
        """The conditions that block publication (the threshold is met later, by signing)."""
        return [c for c in self.conformity_checklist() if not c.met and c.code != "threshold"]

    @property
    def is_conform(self):
        return not self.unmet_conditions()

    def default_collection_end(self):
        return timezone.localdate() + timedelta(days=settings.SHARIK_PETITION_COLLECTION_DAYS)


class PetitionAttachment(models.Model):
    """A public supporting document: a photo, a study, a plan."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="petitions/%Y/%m/")
    title = models.CharField(_("what it is"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class Signature(models.Model):
    """One resident signs one petition, once; two accounts never sign with one CIN.

    At signing, the declaration is copied (name, encrypted CIN, address or activity,
    arrondissement): the dossier lists what the signatory declared when they signed.
    """

    # Not indexed alone: both unique constraints start with the petition (one index fewer to
    # write on every signature).
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="signatures", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="petition_signatures",
    )
    cin_digest = models.CharField(max_length=64, editable=False)
    cin_encrypted = models.TextField(editable=False)
    full_name = models.CharField(max_length=150)
    address = models.CharField(max_length=300, blank=True)
    activity = models.CharField(max_length=300, blank=True)
    arrondissement = models.ForeignKey(
        Arrondissement, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_electoral_roll = models.BooleanField(default=False)
    declaration_version = models.CharField(max_length=20)
    show_name = models.BooleanField(
        _("Show my name on the public list of signatories"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Assisted signing (counters/): the arrondissement office where a counter agent typed the
    # declaration from the resident's card, and the agent. Empty for a signature given online.
    at_counter, recorded_by = counter_marks(_("signed at the counter of"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["petition", "user"], name="signature_once_per_account"),
            models.UniqueConstraint(
                fields=["petition", "cin_digest"], name="signature_once_per_national_id"
            ),
        ]
        indexes = [
            # The petition page's latest public names: read from the index's head whatever the
            # number of signatures (178 ms at 1,000,000 without it).
            models.Index(
                "petition",
                models.F("created_at").desc(),
                models.F("id").desc(),
                condition=models.Q(show_name=True),
                name="signature_public_names",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} → {self.petition_id}"  # never the CIN

    def __repr__(self):
        return f"<Signature petition={self.petition_id} user={self.user_id}>"


class PetitionEvent(TimelineEvent):
    """A step of a petition's life, for its public timeline: a move of its workflow, or (no
    status) the council putting it on a session's agenda (services.on_council_agenda)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=PetitionStatus.choices, blank=True)

    def __str__(self):
        return f"{self.petition}: {self.status}"

    @property
    def label(self):
        return self.get_status_display() if self.status else _("The council's session")
