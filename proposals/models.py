"""Citizen proposals: residents suggest, neighbours support, the council answers in public."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from wagtail.search import index

from participation.addresses import address
from participation.arabic import SearchableText
from participation.models import Arrondissement, TranslatedTerm, counter_marks
from participation.workflow import (
    TimelineEvent,
    Workflow,
    WorkflowHost,
    WorkflowQuerySet,
    required_reason,
)


class ProposalCategory(TranslatedTerm):
    """A theme of proposals; by default the axes of the commune's action plan."""

    class Meta(TranslatedTerm.Meta):
        verbose_name = _("proposal category")
        verbose_name_plural = _("proposal categories")
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="proposal_category_unique_slug_per_locale"
            ),
        ]


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting moderation")
    RETURNED = "returned", _("Returned to its author")
    PUBLISHED = "published", _("Open for support")
    UNDER_STUDY = "under_study", _("Under study by the commune")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged into another proposal")
    REJECTED = "rejected", _("Not retained")
    IMPLEMENTED = "implemented", _("Implemented")


# Statuses the public sees (a proposal in any other status is visible to its author and staff).
PUBLIC_STATUSES = frozenset(
    {
        ProposalStatus.PUBLISHED,
        ProposalStatus.UNDER_STUDY,
        ProposalStatus.ACCEPTED,
        ProposalStatus.MERGED,
        ProposalStatus.REJECTED,
        ProposalStatus.IMPLEMENTED,
    }
)
# Statuses in which residents may still support a proposal.
SUPPORTABLE_STATUSES = frozenset({ProposalStatus.PUBLISHED, ProposalStatus.UNDER_STUDY})
# The council's answers: set by officials, each with a public answer.
COUNCIL_STATUSES = frozenset(
    {
        ProposalStatus.UNDER_STUDY,
        ProposalStatus.ACCEPTED,
        ProposalStatus.MERGED,
        ProposalStatus.REJECTED,
        ProposalStatus.IMPLEMENTED,
    }
)
# The state machine: from each status, where who may take it. One place, used by the services
# and the admin forms (participation/workflow.py applies it).
TRANSITIONS = {
    ProposalStatus.DRAFT: {ProposalStatus.PENDING: "author", ProposalStatus.PUBLISHED: "author"},
    ProposalStatus.PENDING: {
        ProposalStatus.PUBLISHED: "moderator",
        ProposalStatus.RETURNED: "moderator",
    },
    ProposalStatus.RETURNED: {
        ProposalStatus.PENDING: "author",
        ProposalStatus.PUBLISHED: "author",
    },
    ProposalStatus.PUBLISHED: {
        ProposalStatus.RETURNED: "moderator",
        ProposalStatus.UNDER_STUDY: "official",
        ProposalStatus.ACCEPTED: "official",
        ProposalStatus.MERGED: "official",
        ProposalStatus.REJECTED: "official",
    },
    ProposalStatus.UNDER_STUDY: {
        ProposalStatus.ACCEPTED: "official",
        ProposalStatus.MERGED: "official",
        ProposalStatus.REJECTED: "official",
    },
    ProposalStatus.ACCEPTED: {ProposalStatus.IMPLEMENTED: "official"},
    ProposalStatus.MERGED: {},
    ProposalStatus.REJECTED: {},
    ProposalStatus.IMPLEMENTED: {},
}
WORKFLOW = Workflow(
    ProposalStatus,
    TRANSITIONS,
    name="proposal",
    refusal=_("A proposal cannot go from “%(old)s” to “%(new)s”."),
    returned=ProposalStatus.RETURNED,
)


class ProposalQuerySet(WorkflowQuerySet):
    def with_term_names(self):
        """The proposals as a list, each with its category and arrondissement names in the
        reader's language (``category_name``, ``arrondissement_name``); select the category and
        arrondissement before slicing.
        The home page (through its hook) lists proposals this way."""
        return with_term_names(list(self))


class Proposal(SearchableText, index.Indexed, WorkflowHost, models.Model):
    title = models.CharField(_("title"), max_length=140)
    body = models.TextField(
        _("description"),
        max_length=6000,
        help_text=_("What should be done, where, and why it matters for residents."),
    )
    category = models.ForeignKey(
        ProposalCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    tags = TaggableManager(
        verbose_name=_("tags"),
        blank=True,
        help_text=_("Keywords separated by commas, e.g. lighting, park, youth."),
    )
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    image = models.ImageField(_("image"), upload_to="proposals/%Y/%m/", blank=True)
    image_description = models.CharField(
        _("what the image shows"),
        max_length=200,
        blank=True,
        help_text=_("For people who cannot see the image."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_proposals",
    )
    plan_project = models.ForeignKey(
        "plan.ProjectPage",
        verbose_name=_("action plan project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_proposals",
        help_text=_("The project of the action plan this idea was suggested for, or joined."),
    )
    support_count = models.PositiveIntegerField(_("supports"), default=0, db_index=True)
    # Assisted participation (counters/): the arrondissement office where a counter agent typed
    # the proposal for its author, and the agent. Empty for a proposal submitted online.
    at_counter, recorded_by = counter_marks(_("submitted at the counter of"))
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProposalQuerySet.as_manager()
    workflow = WORKFLOW
    public_statuses = PUBLIC_STATUSES
    owner_field = "author"
    # The site search (sitesearch/): the folded text matches spelling variants; only public
    # statuses are searched.
    searchable_fields = ("title", "body")
    search_fields = [
        index.SearchField("title"),
        index.SearchField("search_text"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-support_count"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("proposals:detail", self.pk)  # reversed once per language

    # --- WorkflowHost ------------------------------------------------------------------------
    def entering(self, status):
        """The publication date is the first one: a proposal returned and published again does
        not come back to the top of the newest."""
        if status == ProposalStatus.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def comments_are_open(self):
        return self.is_public and self.status != ProposalStatus.IMPLEMENTED

    def return_to_author(self, moderator, reason):
        """Moderation refuses publication for now; the author sees why and may edit and
        resubmit. Run inside a transaction (``services.return_to_author`` opens one)."""
        reason = required_reason(reason, _("Give the reason: the author will be told."))
        return WORKFLOW.return_with_reason(
            moderator,
            self,
            reason,
            lambda: (
                _(
                    "Your proposal “%(title)s” was not published. Reason: %(reason)s. You can "
                    "edit it and submit it again."
                )
                % {"title": self.title, "reason": reason}
            ),
        )

    def hide_after_report(self, moderator, reason):
        if self.status in {ProposalStatus.PENDING, ProposalStatus.PUBLISHED}:
            self.return_to_author(moderator, reason)

    @property
    def is_located(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def threshold_progress(self):
        """Share of the support threshold reached, from 0 to 100."""
        threshold = settings.SHARIK_PROPOSAL_SUPPORT_THRESHOLD
        return min(100, round(100 * self.support_count / threshold)) if threshold else 100


class Support(models.Model):
    """One verified resident supports one proposal, once (the constraint makes it so)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Given at a counter (counters/): where, and the agent who recorded it for the resident.
    at_counter, recorded_by = counter_marks(_("supported at the counter of"))

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="support_once_per_resident")
        ]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class ProposalEvent(TimelineEvent):
    """A step of a proposal's life, for its public timeline (and its author): a move of the
    workflow, an update the author adds once the text is frozen, or the council putting it on
    a session's agenda and deciding on it (services.on_council_agenda)."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        UPDATE = "update", _("Update from the author")
        AGENDA = "agenda", _("On the council's agenda")
        DECISION = "decision", _("The council's decision")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUS)
    status = models.CharField(max_length=20, choices=ProposalStatus.choices, blank=True)

    def __str__(self):
        return f"{self.proposal}: {self.kind} {self.status}"

    @property
    def label(self):
        """An update has no status: the timeline names its kind."""
        return self.get_status_display() or self.get_kind_display()


def term_names():
    """Names of categories and arrondissements in the reader's language, one query each."""
    return {
        "categories": ProposalCategory.objects.names_in(),
        "arrondissements": Arrondissement.objects.names_in(),
    }


def with_term_names(proposals, names=None):
    """Give each proposal its category and arrondissement names in the reader's language."""
    names = names or term_names()
    for proposal in proposals:
        proposal.category_name = names["categories"].get(
            proposal.category.translation_key, proposal.category.name
        )
        proposal.arrondissement_name = names["arrondissements"].get(
            proposal.arrondissement.translation_key, proposal.arrondissement.name
        )
    return proposals


def plan_projects():
    """Live pages of the action plan a proposal may be linked to. The plan app owns them;
    proposals know them only through the ``plan_project`` foreign key, so this app never imports
    the plan (which lists the ideas linked to its projects)."""
    return Proposal._meta.get_field("plan_project").related_model.objects.live()
