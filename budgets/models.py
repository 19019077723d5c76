"""Participatory budgets: a Wagtail page per budget with its calendar and envelopes, residents'
project ideas costed by the commune, and the ballots residents cast within the envelopes.

A budget exists in several languages as translated pages sharing a translation key. The first
of them (the original, usually Arabic) is *the* budget: it owns the calendar, the envelopes, the
projects and the ballots (participation/hosts.py, ``TranslatedPageHost``), so a resident voting
in French and another in Arabic vote in one budget.

Amounts are whole dirhams (MAD): a commune's budget lines are voted in dirhams, and integer sums
keep the knapsack check and the exported ballots exact.
"""

import itertools
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from participation.hosts import ParticipationHost, TranslatedPageHost
from participation.models import Arrondissement


def default_minimum_age():
    """The youngest age at which residents vote, unless editors choose otherwise for a budget
    (``SHARIK_BUDGET_MINIMUM_AGE``, 16 by default, the age the platform's other participation
    starts at: participation/equality.py)."""
    return settings.SHARIK_BUDGET_MINIMUM_AGE


class BudgetPhase(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    IDEAS = "ideas", _("Ideas")
    REVIEW = "review", _("Technical review")
    VOTE = "vote", _("Vote")
    RESULTS = "results", _("Results")
    FOLLOW_UP = "follow_up", _("Follow-up")


# The calendar, in order: each phase starts at its field's date and lasts until the next one.
PHASE_STARTS = (
    (BudgetPhase.IDEAS, "ideas_start_at"),
    (BudgetPhase.REVIEW, "review_start_at"),
    (BudgetPhase.VOTE, "vote_start_at"),
    (BudgetPhase.RESULTS, "results_start_at"),
    (BudgetPhase.FOLLOW_UP, "follow_up_start_at"),
)
# Residents support ideas while they are gathered and reviewed, not once the vote began.
SUPPORT_PHASES = frozenset({BudgetPhase.IDEAS, BudgetPhase.REVIEW})


class VoterRule(models.TextChoices):
    EMAIL_AND_ARRONDISSEMENT = "email", _("Confirmed email address and an arrondissement")
    IDENTITY = "identity", _("Identity declaration: one ballot per national ID card")


class BallotKind(models.TextChoices):
    KNAPSACK = "knapsack", _("Choose projects within the envelope's amount")
    APPROVAL = "approval", _("Choose up to a number of projects")


class BudgetIndexPage(Page):
    """Lists the participatory budgets of one language."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["budgets.BudgetPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("participatory budgets index")
        verbose_name_plural = _("participatory budgets indexes")

    def get_context(self, request, *args, **kwargs):
        from budgets.views.pages import budget_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(budget_listing(request, self))
        return context


class BudgetPage(TranslatedPageHost, Page):
    """One participatory budget: what it serves, how much, its calendar, its envelopes and how
    residents vote."""

    summary = models.TextField(_("summary"), max_length=600)
    axis = models.ForeignKey(
        "proposals.ProposalCategory",
        verbose_name=_("axis of the action plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    total_amount = models.PositiveBigIntegerField(_("total amount (MAD)"))
    ideas_start_at = models.DateTimeField(_("ideas open"))
    review_start_at = models.DateTimeField(_("technical review starts"))
    vote_start_at = models.DateTimeField(_("vote opens"))
    results_start_at = models.DateTimeField(_("results published"))
    follow_up_start_at = models.DateTimeField(_("follow-up starts"))
    voter_rule = models.CharField(
        _("who may vote"),
        max_length=10,
        choices=VoterRule.choices,
        default=VoterRule.EMAIL_AND_ARRONDISSEMENT,
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age to vote"), default=default_minimum_age
    )
    ballot_kind = models.CharField(
        _("ballot"), max_length=10, choices=BallotKind.choices, default=BallotKind.KNAPSACK
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most projects a ballot may choose"),
        null=True,
        blank=True,
        help_text=_("For a ballot that chooses up to a number of projects."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("axis"),
        FieldPanel("total_amount"),
        MultiFieldPanel(
            [FieldPanel(field) for _phase, field in PHASE_STARTS], heading=_("Calendar")
        ),
        MultiFieldPanel(
            [
                FieldPanel("voter_rule"),
                FieldPanel("minimum_age"),
                FieldRowPanel([FieldPanel("ballot_kind"), FieldPanel("max_choices")]),
            ],
            heading=_("Vote"),
        ),
        InlinePanel("envelopes", label=_("Envelopes"), min_num=1),
    ]
    parent_page_types = ["budgets.BudgetIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")

    def get_context(self, request, *args, **kwargs):
        from budgets.views.pages import budget_context

        context = super().get_context(request, *args, **kwargs)
        context.update(budget_context(request, self))
        return context

    def clean(self):
        super().clean()
        starts = [getattr(self, field) for _phase, field in PHASE_STARTS]
        if all(starts) and any(later <= earlier for earlier, later in itertools.pairwise(starts)):
            raise ValidationError(_("The phases follow each other: each starts after the last."))
        if self.ballot_kind == BallotKind.APPROVAL and not self.max_choices:
            raise ValidationError({"max_choices": _("Say how many projects a ballot may choose.")})
        envelopes = list(self.envelopes.all())
        if self.total_amount is not None and sum(e.amount or 0 for e in envelopes) != (
            self.total_amount
        ):
            raise ValidationError(_("The envelopes' amounts add up to the total amount."))
        places = [envelope.arrondissement_id for envelope in envelopes]
        if places.count(None) > 1:
            raise ValidationError(_("A budget has at most one envelope for the whole commune."))
        if len(set(places)) != len(places):
            raise ValidationError(_("Each arrondissement has at most one envelope."))

    # --- Calendar (the original's applies to every translation) ------------------------------
    def phase_at(self, moment):
        original = self.original
        current = BudgetPhase.UPCOMING
        for phase, field in PHASE_STARTS:
            if getattr(original, field) <= moment:
                current = phase
        return current

    @property
    def phase(self):
        return self.phase_at(timezone.now())

    def envelope_for(self, arrondissement):
        """The envelope a project or a voter of ``arrondissement`` (None: commune-wide) falls in:
        their arrondissement's, or else the commune-wide one."""
        by_place = self.original.envelopes_by_arrondissement
        key = arrondissement.translation_key if arrondissement is not None else None
        return by_place.get(key) or by_place.get(None)

    @cached_property
    def envelopes_by_arrondissement(self):
        """The envelopes keyed by their arrondissement's translation key (None: commune-wide)."""
        envelopes = self.envelopes.select_related("arrondissement")
        return {
            (e.arrondissement.translation_key if e.arrondissement_id else None): e
            for e in envelopes
        }


class Envelope(Orderable):
    """The part of the budget for one arrondissement, or for the whole commune."""

    budget = ParentalKey(BudgetPage, on_delete=models.CASCADE, related_name="envelopes")
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_("Leave empty for the envelope of the whole commune."),
    )
    amount = models.PositiveBigIntegerField(_("amount (MAD)"))
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Inhabitants it serves, for the turnout."),
    )

    panels = [
        FieldRowPanel([FieldPanel("arrondissement"), FieldPanel("amount")]),
        FieldPanel("population"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("envelope")
        verbose_name_plural = _("envelopes")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "arrondissement"],
                condition=Q(arrondissement__isnull=False),
                name="budget_envelope_once_per_arrondissement",
            ),
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(arrondissement__isnull=True),
                name="budget_one_commune_wide_envelope",
            ),
        ]

    def __str__(self):
        place = self.arrondissement.name if self.arrondissement_id else _("Whole commune")
        return f"{self.budget_id}: {place}"


class Feasibility(models.TextChoices):
    PENDING = "pending", _("Awaiting technical review")
    FEASIBLE = "feasible", _("Feasible")
    UNFEASIBLE = "unfeasible", _("Not feasible")


class BudgetProjectQuerySet(models.QuerySet):
    def on_ballot(self):
        """Projects residents may choose: feasible, not merged, not withdrawn after a report."""
        return self.filter(
            feasibility=Feasibility.FEASIBLE, merged_into__isnull=True, hidden_at__isnull=True
        )


class BudgetProject(ParticipationHost, models.Model):
    """A resident's idea for the budget; the commune reviews and costs it; residents vote on it.

    A participation host: residents comment on, follow and report it as on a proposal.
    """

    budget = models.ForeignKey(
        BudgetPage,
        verbose_name=_("participatory budget"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="budget_projects",
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=6000)
    arrondissement = models.ForeignKey(
        Arrondissement,
        verbose_name=_("arrondissement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
        help_text=_("Leave empty for a project for the whole commune."),
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    estimated_cost = models.PositiveBigIntegerField(
        _("estimated cost (MAD)"), null=True, blank=True
    )
    image = models.ImageField(_("image"), upload_to="budgets/%Y/%m/", blank=True)
    image_description = models.CharField(
        _("what the image shows"),
        max_length=200,
        blank=True,
        help_text=_("For people who cannot see the image."),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        verbose_name=_("proposal it comes from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_projects",
    )
    # The technical review (services.review).
    feasibility = models.CharField(
        _("feasibility"),
        max_length=12,
        choices=Feasibility.choices,
        default=Feasibility.PENDING,
        db_index=True,
    )
    review_reason = models.TextField(_("why it is not feasible"), blank=True)
    official_cost = models.PositiveBigIntegerField(_("official cost (MAD)"), null=True, blank=True)
    department = models.CharField(_("department in charge"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_projects",
    )
    hidden_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A winner becomes a project of the action plan (services.add_winners_to_plan); the plan
    # project links back (``project_page.budget_projects``).
    plan_project = models.ForeignKey(
        "plan.ProjectPage",
        verbose_name=_("project of the action plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_projects",
    )
    comment_count = models.PositiveIntegerField(_("comments"), default=0)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    # The form's one-time key: the same idea form sent twice creates one project.
    submission = models.UUIDField(null=True, blank=True, editable=False)

    objects = BudgetProjectQuerySet.as_manager()
    reportable = True

    class Meta:
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")
        ordering = ["created_at", "pk"]
        permissions = [("review_budgetproject", "Can review budget projects")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(feasibility=Feasibility.FEASIBLE) | Q(official_cost__isnull=False),
                name="budget_feasible_project_has_official_cost",
            ),
            models.UniqueConstraint(
                fields=["author", "submission"],
                condition=Q(submission__isnull=False),
                name="budget_project_once_per_submission",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("budgets:project", args=[self.pk])

    @property
    def envelope(self):
        """The envelope the project competes in."""
        return self.budget.envelope_for(self.arrondissement)

    @property
    def is_on_ballot(self):
        return (
            self.feasibility == Feasibility.FEASIBLE
            and self.merged_into_id is None
            and self.hidden_at is None
        )

    # --- ParticipationHost -------------------------------------------------------------------
    def participation_is_visible_to(self, user):
        if self.hidden_at is None:
            return True
        return user.is_authenticated and (
            user.pk == self.author_id or user.has_perm("participation.moderate_content")
        )

    def comments_are_open(self):
        return self.hidden_at is None and self.merged_into_id is None

    def participation_title(self):
        return self.title

    def participation_url(self):
        return self.get_absolute_url()

    # Residents support ideas while the commune gathers and reviews them: the count tells the
    # reviewers what matters to people; the vote, not supports, decides the winners.
    supportable = True

    def supports_are_open(self):
        return (
            self.hidden_at is None
            and self.merged_into_id is None
            and self.feasibility != Feasibility.UNFEASIBLE
            and self.budget.phase in SUPPORT_PHASES
        )

    def record_support_count(self, count):
        type(self).objects.filter(pk=self.pk).update(support_count=count)

    def record_comment_count(self, count):
        type(self).objects.filter(pk=self.pk).update(comment_count=count)

    def hide_after_report(self, moderator, reason):
        self.hidden_at = timezone.now()
        self.save(update_fields=["hidden_at"])


def new_ballot_token():
    return secrets.token_hex(16)


class Ballot(models.Model):
    """One voter's ballot in one envelope; changing it adds a version, the last one counts.

    Under the identity rule the ballot also carries the keyed digest of the voter's CIN, so two
    accounts declaring one card cannot vote twice (as petitions' signatures). ``token`` stands
    for the ballot in the anonymised export: random, never the voter's id.
    """

    # No page shows a ballot: the voters so far refresh pages through budgets/counts.py, once
    # per burst of votes (participation/pagecache.py)
    shown_on_pages = False

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="ballots"
    )
    cin_digest = models.CharField(max_length=64, blank=True, editable=False)
    # The voter's arrondissement when they voted, for the votes per arrondissement.
    arrondissement = models.ForeignKey(
        Arrondissement, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=32, unique=True, default=new_ballot_token)
    current_version = models.OneToOneField(
        "budgets.BallotVersion", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        permissions = [("record_ballot_at_counter", "Can record ballots at a counter")]
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "voter"],
                condition=Q(voter__isnull=False),
                name="budget_one_ballot_per_voter",
            ),
            models.UniqueConstraint(
                fields=["envelope", "cin_digest"],
                condition=~Q(cin_digest=""),
                name="budget_one_ballot_per_cin",
            ),
        ]

    def __str__(self):
        return f"{self.envelope_id}/{self.token[:8]}"


class BallotVersion(models.Model):
    """What a ballot chose at one time. Kept when the voter changes their mind; only the ballot's
    ``current_version`` is counted."""

    shown_on_pages = False  # as Ballot

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="versions")
    projects = models.ManyToManyField(BudgetProject, through="budgets.BallotChoice")
    created_at = models.DateTimeField(default=timezone.now)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The counter agent who recorded it for the voter."),
    )
    at_counter = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.ballot_id}@{self.created_at:%Y-%m-%d %H:%M}"


class BallotChoice(models.Model):
    """One project chosen by one ballot version: the tally groups these rows in one query."""

    shown_on_pages = False  # as Ballot

    version = models.ForeignKey(BallotVersion, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(BudgetProject, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["version", "project"], name="budget_project_chosen_once"
            )
        ]

    def __str__(self):
        return f"{self.version_id}→{self.project_id}"
